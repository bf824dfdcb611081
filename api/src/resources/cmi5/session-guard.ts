import {
  type AgentIdentifiers,
  agentKey,
  type Cmi5LaunchMode,
  type Database,
  findCmi5SessionFacts,
  markCmi5PreferencesRead,
  reportedInRegistration,
  type XapiDocumentKey,
} from '@loket/db';
import type { Caller } from '../../lib/caller';
import { DomainError } from '../../lib/errors';
import type { WriteContext } from '../../lib/write';
import { actorOf } from './lms';
import { courseActivityIds, launchDataStateId, learnerPreferencesProfileId } from './rules';
import { afterStored, type SessionFacts, type Violation, violation } from './statement-rules';

/**
 * The LRS's side of a cmi5 session: what an assignable unit sends with its auth token is held to
 * cmi5's rules, and refused with 403 naming the rule broken (cmi5 9, 10.2, 11). Callers with other
 * credentials (an LMS, a reporting tool) are not sessions and pass untouched.
 */

const refused = (broken: Violation) =>
  new DomainError(403, 'cmi5-rule', 'Forbidden', `cmi5 ${broken.requirement}: ${broken.detail}`, undefined, {
    requirement: broken.requirement,
  });

const keyOf = (agent: unknown) =>
  typeof agent === 'object' && agent !== null ? agentKey(agent as AgentIdentifiers) : undefined;

async function sessionFacts(ctx: WriteContext, publicUrl: string): Promise<SessionFacts | undefined> {
  const sessionId = ctx.caller.cmi5SessionId;
  if (!sessionId) return undefined;
  const row = await findCmi5SessionFacts(ctx.db, sessionId);
  if (!row) return undefined;
  const unit =
    row.registrationId && row.courseId && row.position !== null && row.registrationActorKey
      ? {
          actorKey: row.registrationActorKey,
          registration: row.registrationId,
          activityId: courseActivityIds(publicUrl, row.courseId).unit(row.position),
        }
      : row.participantId && row.enrolmentId && row.moduleActivityIri
        ? {
            actorKey: keyOf(actorOf(publicUrl, row.participantId)) ?? '',
            registration: row.enrolmentId,
            activityId: row.moduleActivityIri,
          }
        : undefined;
  if (!unit) return undefined;
  const reported = await reportedInRegistration(ctx.db, unit.registration, unit.activityId);
  return {
    ...unit,
    sessionId,
    launchMode: row.launchMode as Cmi5LaunchMode,
    masteryScore: row.masteryScore,
    preferencesRead: row.preferencesReadAt !== null,
    inSession: new Set(reported.filter((r) => r.sessionId === sessionId).map((r) => r.verb)),
    inRegistration: new Set(reported.map((r) => r.verb)),
  };
}

/** Refuses the batch when one of its statements breaks a cmi5 rule, judged in the batch's order. */
export async function guardSessionStatements(
  ctx: WriteContext,
  publicUrl: string,
  statements: Array<Record<string, unknown>>,
) {
  let facts = await sessionFacts(ctx, publicUrl);
  if (!facts) return;
  for (const statement of statements) {
    const broken = violation(statement, facts, keyOf);
    if (broken) throw refused(broken);
    facts = afterStored(facts, statement);
  }
}

/** A language preference: a comma-separated list of language tags (RFC 5646), none empty. */
const languageList = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*(,[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)*$/;

function preferencesViolation(sent: { contentType: string; content: Buffer }): Violation | null {
  const broken = (requirement: string, detail: string) => ({ requirement, detail });
  if (!/^application\/json\b/i.test(sent.contentType)) {
    return broken('11.0.0.0-5', 'The learner preferences must be a JSON document.');
  }
  let json: unknown;
  try {
    json = JSON.parse(sent.content.toString('utf8'));
  } catch {
    return broken('11.0.0.0-5', 'The learner preferences must be a JSON document.');
  }
  const preferences = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (typeof preferences.languagePreference !== 'string') {
    return broken('11.0.0.0-5', 'The learner preferences need languagePreference.');
  }
  if (!['on', 'off'].includes(String(preferences.audioPreference))) {
    return broken('11.0.0.0-5', 'The learner preferences need audioPreference "on" or "off".');
  }
  if (!languageList.test(preferences.languagePreference)) {
    return broken('11.1.0.0-1', 'languagePreference must be a comma-separated list of language tags.');
  }
  return null;
}

/**
 * Refuses a unit's document write that cmi5 reserves for the LMS or constrains: LMS.LaunchData is
 * the LMS's (10.2.1.0-5); an agent profile is the learner's own (11.0.0.0-1) and their
 * cmi5LearnerPreferences must be well formed (11.0.0.0-5, 11.1.0.0-1).
 */
export async function guardSessionDocument(
  ctx: WriteContext,
  publicUrl: string,
  key: XapiDocumentKey,
  documentId: string | undefined,
  sent?: { contentType: string; content: Buffer },
) {
  if (!ctx.caller.cmi5SessionId) return;
  if (key.kind === 'state' && (documentId === launchDataStateId || documentId === undefined)) {
    throw refused({ requirement: '10.2.1.0-5', detail: 'LMS.LaunchData is written by the LMS alone.' });
  }
  if (key.kind !== 'agent-profile') return;
  const facts = await sessionFacts(ctx, publicUrl);
  if (facts && key.agentKey !== facts.actorKey) {
    throw refused({ requirement: '11.0.0.0-1', detail: 'A unit may write only its own learner\u2019s profile.' });
  }
  if (documentId === learnerPreferencesProfileId && sent) {
    const broken = preferencesViolation(sent);
    if (broken) throw refused(broken);
  }
}

/** A unit reading its learner's preferences: cmi5 asks it to before it sends initialized (11.0.0.0-3). */
export async function noteSessionDocumentRead(
  db: Database,
  caller: Caller,
  key: XapiDocumentKey,
  documentId: string | undefined,
) {
  if (caller.cmi5SessionId && key.kind === 'agent-profile' && documentId === learnerPreferencesProfileId) {
    await markCmi5PreferencesRead(db, caller.cmi5SessionId);
  }
}
