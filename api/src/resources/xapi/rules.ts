import { type AgentIdentifiers, agentKey } from '@loket/db';

/** What xAPI statements mean for Loket: the version it speaks, who a learner is, what a verb does to progress. */

export const xapiVersion = '1.0.3';

const adl = 'http://adlnet.gov/expapi/verbs/';

export const verbs = {
  initialized: `${adl}initialized`,
  progressed: `${adl}progressed`,
  completed: `${adl}completed`,
  passed: `${adl}passed`,
  failed: `${adl}failed`,
  voided: `${adl}voided`,
  launched: `${adl}launched`,
  terminated: `${adl}terminated`,
  // cmi5's own verbs, which only the LMS (Loket) uses.
  satisfied: 'https://w3id.org/xapi/adl/verbs/satisfied',
  waived: 'https://w3id.org/xapi/adl/verbs/waived',
  abandoned: 'https://w3id.org/xapi/adl/verbs/abandoned',
} as const;

/** Version 1.0.x of the specification, which this LRS speaks. */
export const isSupportedVersion = (header: string | undefined) => header !== undefined && /^1\.0(\.\d+)?$/.test(header);

export type ProgressChange = { status: 'in_progress' } | { status: 'completed'; score?: number };

/**
 * The progress a verb reports, with cmi5 semantics: started or failed is in progress, completed or
 * passed is done, as is an assignable unit the LMS marked satisfied or waived. Other verbs are kept as a record but move nothing.
 */
export function progressOf(verbId: string, scaledScore?: number): ProgressChange | null {
  switch (verbId) {
    case verbs.initialized:
    case verbs.progressed:
    case verbs.failed:
      return { status: 'in_progress' };
    case verbs.completed:
    case verbs.passed:
    case verbs.satisfied:
    case verbs.waived:
      // xAPI scales scores to -1..1; a module's score is 0..1.
      return scaledScore === undefined
        ? { status: 'completed' }
        : { status: 'completed', score: Math.max(0, scaledScore) };
    default:
      return null;
  }
}

/** What a set of statements says about one module, whatever order they came in. */
export interface ProgressEffect {
  status: 'in_progress' | 'completed';
  startedAt: Date;
  completedAt: Date | null;
  score: number | null;
}

/**
 * Combines progress reports on one module into one effect that does not depend on their order:
 * the furthest status, the earliest start and completion, the best score. Applying it to a module
 * that is further along changes nothing, so it is safe to apply twice or late.
 */
export function combineProgress(reports: Array<{ change: ProgressChange; at: Date }>): ProgressEffect | null {
  let effect: ProgressEffect | null = null;
  for (const { change, at } of reports) {
    const completed = change.status === 'completed';
    const score = completed && change.score !== undefined ? change.score : null;
    if (!effect) {
      effect = { status: change.status, startedAt: at, completedAt: completed ? at : null, score };
      continue;
    }
    effect = {
      status: completed || effect.status === 'completed' ? 'completed' : 'in_progress',
      startedAt: new Date(Math.min(at.getTime(), effect.startedAt.getTime())),
      completedAt: completed && (!effect.completedAt || at < effect.completedAt) ? at : effect.completedAt,
      score: score === null ? effect.score : effect.score === null ? score : Math.max(score, effect.score),
    };
  }
  return effect;
}

export type Learner = { participantId: string } | { email: string } | { mboxSha1sum: string };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Who an agent is in Loket: an account on this installation named by the (pseudonymous)
 * participant id, a mailbox, or the SHA-1 of one. Null when the agent cannot be a participant by
 * itself (an admin may still link its identity to one).
 */
export function learnerOf(agent: AgentIdentifiers, publicUrl: string): Learner | null {
  if (agent.objectType === 'Group') return null;
  if (agent.account) {
    const ours = withoutTrailingSlash(agent.account.homePage ?? '') === withoutTrailingSlash(publicUrl);
    const name = agent.account.name ?? '';
    return ours && uuidPattern.test(name) ? { participantId: name.toLowerCase() } : null;
  }
  if (agent.mbox && /^mailto:/i.test(agent.mbox)) return { email: agent.mbox.slice('mailto:'.length).toLowerCase() };
  if (agent.mbox_sha1sum) return { mboxSha1sum: agent.mbox_sha1sum.toLowerCase() };
  return null;
}

/** The key of an agent the specification requires to be identified; throws on none. */
export function requiredAgentKey(agent: AgentIdentifiers): string {
  const key = agentKey(agent);
  if (key === undefined) throw new Error('an agent without an identifier passed validation');
  return key;
}

/** Properties the LRS sets or may change; the specification ignores them when comparing statements. */
const serverSet = new Set(['id', 'authority', 'stored', 'timestamp', 'version']);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}

/** Whether two statements say the same thing (key order and server-set properties aside). */
export function sameStatement(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const content = (statement: Record<string, unknown>) =>
    JSON.stringify(canonical(Object.fromEntries(Object.entries(statement).filter(([key]) => !serverSet.has(key)))));
  return content(a) === content(b);
}
