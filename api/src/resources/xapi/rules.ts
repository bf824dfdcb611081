import type { ProgressStatus } from '@loket/db';

/** What xAPI statements mean for Loket: who the learner is, and what a verb does to module progress. */

export const xapiVersion = '1.0.3';

const adl = 'http://adlnet.gov/expapi/verbs/';

export const verbs = {
  initialized: `${adl}initialized`,
  progressed: `${adl}progressed`,
  completed: `${adl}completed`,
  passed: `${adl}passed`,
  failed: `${adl}failed`,
} as const;

/** Version 1.0.x of the specification, which this LRS speaks. */
export const isSupportedVersion = (header: string | undefined) => header !== undefined && /^1\.0(\.\d+)?$/.test(header);

export type ProgressChange = { status: 'in_progress' } | { status: 'completed'; score?: number };

/**
 * The progress a verb reports, with cmi5 semantics: started or failed is in progress, completed or
 * passed is done. Other verbs are kept as a record but move nothing.
 */
export function progressOf(verbId: string, scaledScore?: number): ProgressChange | null {
  switch (verbId) {
    case verbs.initialized:
    case verbs.progressed:
    case verbs.failed:
      return { status: 'in_progress' };
    case verbs.completed:
    case verbs.passed:
      // xAPI scales scores to -1..1; a module's score is 0..1.
      return scaledScore === undefined
        ? { status: 'completed' }
        : { status: 'completed', score: Math.max(0, scaledScore) };
    default:
      return null;
  }
}

/** The change to record on a module now at `current`; a completed module never goes back. */
export function progressToRecord(change: ProgressChange | null, current: ProgressStatus): ProgressChange | null {
  if (!change || current === 'completed') return null;
  if (change.status === 'in_progress' && current === 'in_progress') return null;
  return change;
}

export interface AgentIdentifiers {
  mbox?: string | undefined;
  account?: { homePage: string; name: string } | undefined;
}

export type Learner = { participantId: string } | { email: string };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Who an agent is in Loket: an account on this installation named by the (pseudonymous)
 * participant id, or a mailbox. Null when the agent cannot be a participant.
 */
export function learnerOf(agent: AgentIdentifiers, publicUrl: string): Learner | null {
  if (agent.account) {
    const ours = withoutTrailingSlash(agent.account.homePage) === withoutTrailingSlash(publicUrl);
    return ours && uuidPattern.test(agent.account.name) ? { participantId: agent.account.name.toLowerCase() } : null;
  }
  if (agent.mbox && /^mailto:/i.test(agent.mbox)) return { email: agent.mbox.slice('mailto:'.length).toLowerCase() };
  return null;
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
