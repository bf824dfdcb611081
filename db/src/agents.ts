import { createHash } from 'node:crypto';

/**
 * How xAPI names a person, as Loket keys them: an agent or identified group by its one inverse
 * functional identifier, an anonymous group by its members. Mailboxes are compared without case,
 * as Loket compares email addresses.
 */
export interface AgentIdentifiers {
  objectType?: string | undefined;
  mbox?: string | undefined;
  mbox_sha1sum?: string | undefined;
  openid?: string | undefined;
  account?: { homePage?: string | undefined; name?: string | undefined } | undefined;
  member?: AgentIdentifiers[] | undefined;
}

/** The mbox_sha1sum of an email address: the SHA-1 of its mailto IRI, in lower case. */
export const mboxSha1sumOf = (email: string) =>
  createHash('sha1').update(`mailto:${email.toLowerCase()}`).digest('hex');

/** The key of an agent or group; undefined when it has no identifier and no members. */
export function agentKey(agent: AgentIdentifiers): string | undefined {
  if (agent.mbox) return `mbox:${agent.mbox.toLowerCase()}`;
  if (agent.mbox_sha1sum) return `mbox_sha1sum:${agent.mbox_sha1sum.toLowerCase()}`;
  if (agent.openid) return `openid:${agent.openid}`;
  if (agent.account?.homePage !== undefined && agent.account.name !== undefined) {
    return `account:${agent.account.homePage}|${agent.account.name}`;
  }
  if (agent.member) {
    const members = agent.member.map(agentKey).filter((key): key is string => key !== undefined);
    return `group:${[...new Set(members)].sort().join(' ')}`;
  }
  return undefined;
}
