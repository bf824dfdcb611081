import type { Cmi5LaunchMode } from '@loket/db';
import { verbs } from '../xapi/rules';
import { cmi5Categories, cmi5Extensions } from './rules';

/**
 * What an LMS must refuse of the statements an assignable unit sends in its session (cmi5 9.x,
 * 10.2.2): pure, so the rules read as the spec does and are tested without a database.
 */

const moveOnVerbs: ReadonlySet<string> = new Set([verbs.completed, verbs.passed, verbs.failed]);

/** The session a statement arrives in, and what was reported before it. */
export interface SessionFacts {
  actorKey: string;
  activityId: string;
  registration: string;
  sessionId: string;
  launchMode: Cmi5LaunchMode;
  masteryScore: number | null;
  /** Whether the unit read the learner's preferences in this session. */
  preferencesRead: boolean;
  /** Verbs the unit sent in this session, and in the registration (any session), about its activity. */
  inSession: ReadonlySet<string>;
  inRegistration: ReadonlySet<string>;
}

export interface Violation {
  /** The cmi5 requirement broken, as the spec numbers it. */
  requirement: string;
  detail: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const ids = (value: unknown) => asArray(value).flatMap((activity) => (isObject(activity) ? [activity.id] : []));

/** A timestamp in UTC: `Z` or a zero offset (xAPI allows both forms of it). */
const utc = /(?:Z|[+-]00(?::?00)?)$/i;

/**
 * The first rule a statement breaks, or null. `agentKeyOf` names an agent as the LRS does, so the
 * actor is compared by its identity, not its spelling.
 */
export function violation(
  statement: Json,
  facts: SessionFacts,
  agentKeyOf: (agent: unknown) => string | undefined,
): Violation | null {
  const broken = (requirement: string, detail: string): Violation => ({ requirement, detail });
  const verb = isObject(statement.verb) ? String(statement.verb.id) : '';
  const context = isObject(statement.context) ? statement.context : undefined;
  const extensions = context && isObject(context.extensions) ? context.extensions : {};
  const categories = ids(context && isObject(context.contextActivities) ? context.contextActivities.category : []);
  const result = isObject(statement.result) ? statement.result : undefined;
  const score = result && isObject(result.score) ? result.score : undefined;
  const actor = isObject(statement.actor) ? statement.actor : {};
  const object = isObject(statement.object) ? statement.object : {};

  if (facts.inSession.has(verbs.terminated)) {
    return broken('9.3.0.0-2', 'The session was terminated: the unit may send nothing more in it.');
  }
  if (verb === verbs.voided) {
    return broken('6.3.0.0-1', 'An assignable unit may not void statements.');
  }
  if (typeof statement.id !== 'string') {
    return broken('9.1.0.0-1', 'Statements an assignable unit sends must carry their own id.');
  }
  if (typeof statement.timestamp !== 'string') {
    return broken('9.7.0.0-1', 'Statements an assignable unit sends must carry a timestamp.');
  }
  if (!utc.test(statement.timestamp)) {
    return broken('9.7.0.0-2', 'The timestamp must be in UTC.');
  }
  if (actor.objectType !== undefined && actor.objectType !== 'Agent') {
    return broken('9.2.0.0-2', 'The actor must be an Agent.');
  }
  if (agentKeyOf(actor) !== facts.actorKey) {
    return broken('9.2.0.0-3', 'The actor must be the learner the unit was launched for, as the launch named them.');
  }
  if (!context) return broken('9.6.0.0-1', 'Statements in a cmi5 session must have a context.');
  if (String(context.registration ?? '').toLowerCase() !== facts.registration) {
    return broken('9.6.1.0-1', 'The context registration must be the registration the unit was launched with.');
  }
  if (extensions[cmi5Extensions.sessionId] !== facts.sessionId) {
    return broken('9.6.3.1-4', 'The context must carry the session id the unit was launched with.');
  }
  if (!facts.inSession.has(verbs.initialized) && verb !== verbs.initialized) {
    return broken('9.3.0.0-4', 'The first statement of a session must be initialized.');
  }
  if (verb === verbs.initialized && facts.inSession.has(verbs.initialized)) {
    return broken('9.3.2.0-3', 'The session was initialized already.');
  }
  if (verb === verbs.initialized && !facts.preferencesRead) {
    return broken(
      '11.0.0.0-3',
      'Read the learner\u2019s preferences (cmi5LearnerPreferences) before sending initialized.',
    );
  }
  const defined = categories.includes(cmi5Categories.cmi5);
  if (defined && object.id !== facts.activityId) {
    return broken('8.1.5.0-6', 'cmi5 defined statements must have the launch activityId as their object.');
  }
  if (moveOnVerbs.has(verb) && facts.launchMode !== 'Normal') {
    return broken(
      facts.launchMode === 'Browse' ? '10.2.2.0-2' : '10.2.2.0-3',
      `In ${facts.launchMode} mode a unit may not send completed, passed or failed.`,
    );
  }
  if (defined) return definedViolation(verb, facts, { result, score, extensions, categories }, broken);
  if (categories.includes(cmi5Categories.moveOn)) {
    return broken('9.6.2.2-2', 'Only completed, passed and failed may carry the moveOn category.');
  }
  return null;
}

function definedViolation(
  verb: string,
  facts: SessionFacts,
  parts: { result: Json | undefined; score: Json | undefined; extensions: Json; categories: unknown[] },
  broken: (requirement: string, detail: string) => Violation,
): Violation | null {
  const { result, score, extensions, categories } = parts;
  const moveOn = categories.includes(cmi5Categories.moveOn);
  if (moveOnVerbs.has(verb) && !moveOn) {
    return broken('9.6.2.2-1', 'completed, passed and failed must carry the moveOn category.');
  }
  if (!moveOnVerbs.has(verb) && moveOn) {
    return broken('9.6.2.2-2', 'Only completed, passed and failed may carry the moveOn category.');
  }
  if (score && typeof score.raw === 'number' && (typeof score.min !== 'number' || typeof score.max !== 'number')) {
    return broken('9.5.1.0-3', 'A raw score needs its min and max.');
  }
  const scaled = score && typeof score.scaled === 'number' ? score.scaled : undefined;
  const hasDuration = typeof result?.duration === 'string';
  switch (verb) {
    case verbs.completed:
      if (facts.inRegistration.has(verbs.completed)) {
        return broken(
          facts.inSession.has(verbs.completed) ? '9.3.0.0-2' : '9.3.0.0-6',
          'completed was reported already in this registration.',
        );
      }
      if (result?.completion !== true) return broken('9.5.3.0-1', 'completed needs result.completion true.');
      if (result.success !== undefined) return broken('9.5.2.0-3', 'completed may not carry result.success.');
      if (score) return broken('9.5.1.0-2', 'completed may not carry a score.');
      if (!hasDuration) return broken('9.5.4.1-2', 'completed needs result.duration.');
      return null;
    case verbs.passed:
      if (facts.inRegistration.has(verbs.passed)) {
        return broken(
          facts.inSession.has(verbs.passed) ? '9.3.0.0-2' : '9.3.0.0-7',
          'passed was reported already in this registration.',
        );
      }
      if (facts.inSession.has(verbs.failed)) {
        return broken('9.3.0.0-3', 'failed was reported in this session: it cannot be passed in it too.');
      }
      if (result?.success !== true) return broken('9.5.2.0-1', 'passed needs result.success true.');
      if (result.completion !== undefined) return broken('9.5.3.0-2', 'passed may not carry result.completion.');
      if (!hasDuration) return broken('9.5.4.1-3', 'passed needs result.duration.');
      return masteryViolation(verb, facts, scaled, extensions, broken);
    case verbs.failed:
      if (facts.inRegistration.has(verbs.passed)) {
        return broken('9.3.0.0-8', 'passed was reported already in this registration: it cannot fail now.');
      }
      if (facts.inSession.has(verbs.failed)) {
        return broken('9.3.0.0-2', 'failed was reported already in this session.');
      }
      if (result?.success !== false) return broken('9.5.2.0-2', 'failed needs result.success false.');
      if (result.completion !== undefined) return broken('9.5.3.0-2', 'failed may not carry result.completion.');
      if (!hasDuration) return broken('9.5.4.1-4', 'failed needs result.duration.');
      return masteryViolation(verb, facts, scaled, extensions, broken);
    case verbs.terminated:
      if (typeof result?.duration !== 'string') return broken('9.5.4.1-1', 'terminated needs result.duration.');
      return null;
    default:
      return null;
  }
}

function masteryViolation(
  verb: string,
  facts: SessionFacts,
  scaled: number | undefined,
  extensions: Json,
  broken: (requirement: string, detail: string) => Violation,
): Violation | null {
  // Judged only when the unit sends a score: a bare passed or failed is the unit's own call (cmi5 9.3.4, 9.3.5).
  if (facts.masteryScore === null || scaled === undefined) return null;
  if (extensions[cmi5Extensions.masteryScore] !== facts.masteryScore) {
    return broken(
      '9.6.3.2-2',
      `The context must carry the masteryScore the unit was launched with (${facts.masteryScore}).`,
    );
  }
  if (verb === verbs.passed && scaled < facts.masteryScore) {
    return broken('9.3.4.0-2', `passed with a scaled score below the masteryScore (${facts.masteryScore}).`);
  }
  if (verb === verbs.failed && scaled >= facts.masteryScore) {
    return broken('9.3.5.0-2', `failed with a scaled score at or above the masteryScore (${facts.masteryScore}).`);
  }
  return null;
}

/** What a statement adds to the session's facts once stored, for the next one of the same batch. */
export function afterStored(facts: SessionFacts, statement: Json): SessionFacts {
  const verb = isObject(statement.verb) ? String(statement.verb.id) : '';
  return {
    ...facts,
    inSession: new Set([...facts.inSession, verb]),
    inRegistration: new Set([...facts.inRegistration, verb]),
  };
}
