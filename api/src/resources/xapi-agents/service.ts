import {
  type AgentIdentifiers,
  agentKey,
  type Database,
  findParticipantsWithPath,
  linkXapiAgent,
  listUnlinkedActors,
} from '@loket/db';
import { badRequest, invalid } from '../../lib/errors';
import { audit, type WriteContext } from '../../lib/write';
import { applyProgress } from '../xapi/progress';
import type { AgentLink, AgentLinkCreate, UnlinkedActorQuery } from './schema';

export async function unlinked(db: Database, query: UnlinkedActorQuery) {
  const page = await listUnlinkedActors(db, { limit: query.limit, offset: query.offset });
  return {
    data: page.rows.map((row) => ({
      agentKey: row.actorKey,
      actor: row.actor ?? {},
      statements: row.statements,
      firstStoredAt: row.firstStoredAt.toISOString(),
      lastStoredAt: row.lastStoredAt.toISOString(),
    })),
    page: { total: page.total, limit: query.limit, nextCursor: null },
  };
}

/**
 * Links an actor identity to a participant: the statements stored from it become theirs and move
 * their progress as if they had come linked, and statements to come from it are linked as they
 * arrive. Linking again to another participant moves only what is still unlinked.
 */
export async function link(ctx: WriteContext, input: AgentLinkCreate): Promise<AgentLink> {
  const key = agentKey(input.actor as AgentIdentifiers);
  if (!key || input.actor.objectType === 'Group') {
    throw badRequest('actor must be an agent with one identifier.', 'invalid-agent');
  }
  const [participant] = await findParticipantsWithPath(ctx.db, ctx.caller.scope, [input.participantId]);
  if (!participant || participant.erasedAt) throw invalid('/participantId', 'The participant does not exist.');
  const linked = await linkXapiAgent(ctx.db, key, participant.id);
  await audit(ctx, {
    action: 'xapi_agent.linked',
    resourceType: 'participant',
    resourceId: participant.id,
    organisationPath: participant.organisationPath,
    after: { agentKey: key, statementsLinked: linked.length },
  });
  await applyProgress(ctx, linked);
  return { agentKey: key, participantId: participant.id, statementsLinked: linked.length };
}
