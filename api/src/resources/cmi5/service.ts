import { randomBytes } from 'node:crypto';
import {
  agentKey,
  type Cmi5LaunchMode,
  claimCmi5Fetch,
  type Database,
  endCmi5Session,
  everything,
  findCmi5Session,
  findCourseSource,
  findEnrolment,
  findEnrolmentModule,
  insertCmi5Session,
  reportedVerbs,
} from '@loket/db';
import { v4 as uuidv4 } from 'uuid';
import { principalKey } from '../../lib/caller';
import { conflict, DomainError, notFound } from '../../lib/errors';
import { audit, type WriteContext } from '../../lib/write';
import { cmi5TokenUser } from '../../plugins/authentication';
import { afterUnitStatements } from '../cmi5-registrations/service';
import { get as getEnrolment } from '../enrolments/service';
import { verbs } from '../xapi/rules';
import { actorOf, base, lmsStatement, sha256, verb, writeLaunchDocuments } from './lms';
import {
  cmi5Extensions,
  courseStructureXml,
  isoDuration,
  launchData,
  launchUrlOf,
  lmsContext,
  moduleMoveOn,
  moveOnMet,
} from './rules';

/**
 * Loket as a cmi5 LMS for the programme's modules: one assignable unit per module that has a
 * launch URL, registration = the enrolment, actor = the participant's account on this installation.
 */

async function enrolmentModule(ctx: WriteContext, enrolmentId: string, moduleRef: string) {
  const enrolment = await findEnrolment(ctx.db, ctx.caller.scope, enrolmentId);
  if (!enrolment) throw notFound('The enrolment');
  const module = await findEnrolmentModule(ctx.db, enrolment.id, moduleRef);
  if (!module) throw notFound(`The module ${moduleRef} of this enrolment`);
  return { enrolment, module };
}

export interface LaunchRequest {
  launchMode?: Cmi5LaunchMode | undefined;
  returnUrl?: string | undefined;
}

/**
 * Launches a module's assignable unit: a new session, its LaunchData, the learner's preferences
 * (when they have none yet), a `launched` statement, and the launch URL with a one-time fetch URL.
 */
export async function launch(
  ctx: WriteContext,
  publicUrl: string,
  enrolmentId: string,
  moduleRef: string,
  request: LaunchRequest,
) {
  const { enrolment, module } = await enrolmentModule(ctx, enrolmentId, moduleRef);
  if (enrolment.status === 'withdrawn') {
    throw conflict('The enrolment was withdrawn: its modules cannot be launched.', 'enrolment-withdrawn');
  }
  if (!module.launchUrl) {
    throw conflict(
      `The module ${module.code} has no e-learning to launch (content/ gives it no launchUrl).`,
      'not-launchable',
    );
  }
  const launchMode = request.launchMode ?? 'Normal';
  const fetchKey = randomBytes(32).toString('base64url');
  const session = await insertCmi5Session(ctx.db, {
    enrolmentId: enrolment.id,
    moduleId: module.moduleId,
    participantId: enrolment.participantId,
    launchMode,
    fetchKeyHash: sha256(fetchKey),
    launchedBy: principalKey(ctx.caller),
  });
  const actor = actorOf(publicUrl, enrolment.participantId);
  const actorKey = agentKey(actor) as string;
  const registration = enrolment.id;
  await writeLaunchDocuments(ctx, {
    activityId: module.activityIri,
    actorKey,
    registration,
    owner: { participantId: enrolment.participantId, storedBy: principalKey(ctx.caller) },
    launchData: launchData({
      sessionId: session.id,
      // A linked unit of an imported course keeps its publisher's id and the settings of its course structure.
      publisherId: module.unit?.publisherId ?? module.activityIri,
      launchMode,
      moveOn: moduleMoveOn,
      launchMethod: module.unit?.launchMethod,
      launchParameters: module.unit?.launchParameters,
      masteryScore: module.unit?.masteryScore,
      entitlementKey: module.unit?.entitlementKey,
      returnUrl: request.returnUrl,
    }),
  });
  await lmsStatement(ctx, publicUrl, {
    actor,
    verb: verb(verbs.launched, 'launched'),
    object: { id: module.activityIri },
    context: lmsContext(registration, session.id, {
      ...(module.unit ? { grouping: module.unit.publisherId } : {}),
      extensions: {
        [cmi5Extensions.launchMode]: launchMode,
        [cmi5Extensions.launchUrl]: module.launchUrl,
        [cmi5Extensions.moveOn]: moduleMoveOn,
        ...(module.unit?.launchParameters ? { [cmi5Extensions.launchParameters]: module.unit.launchParameters } : {}),
        ...(typeof module.unit?.masteryScore === 'number'
          ? { [cmi5Extensions.masteryScore]: module.unit.masteryScore }
          : {}),
      },
    }),
  });
  const url = launchUrlOf(module.launchUrl, {
    endpoint: `${base(publicUrl)}/v1/xapi/`,
    fetch: `${base(publicUrl)}/v1/cmi5/fetch/${fetchKey}`,
    actor,
    registration,
    activityId: module.activityIri,
  });
  await audit(ctx, {
    action: 'cmi5.launched',
    resourceType: 'enrolment',
    resourceId: enrolment.id,
    organisationPath: enrolment.organisationPath,
    after: { module: module.code, sessionId: session.id, launchMode },
  });
  return {
    sessionId: session.id,
    url,
    launchMode,
    registration,
    activityId: module.activityIri,
    moduleCode: module.code,
  };
}

/** The answer of a fetch URL: an auth token, or why there is none, with cmi5's error code (8.2.3). */
export type FetchAnswer =
  | { token: string }
  | { problem: 'fetch-url-used' | 'fetch-url-unknown'; errorCode: '1' | '2'; text: string };

/** Uses a fetch URL once: the auth token the assignable unit then sends as HTTP Basic. */
export async function fetchToken(db: Database, fetchKey: string): Promise<FetchAnswer> {
  const secret = randomBytes(32).toString('base64url');
  const { claimed, known } = await claimCmi5Fetch(db, sha256(fetchKey), sha256(secret));
  if (claimed) return { token: Buffer.from(`${cmi5TokenUser}${claimed.id}:${secret}`).toString('base64') };
  return known
    ? {
        problem: 'fetch-url-used',
        errorCode: '1',
        text: 'This fetch URL was used already, or its session has ended; launch the module again.',
      }
    : { problem: 'fetch-url-unknown', errorCode: '2', text: 'This fetch URL is not one Loket handed out.' };
}

/**
 * What Loket does with the statements an assignable unit sent in its session: `terminated` ends the
 * session; once what the participant reported in this registration meets the unit's moveOn, the LMS
 * records `satisfied` (once), which completes the module.
 */
export async function afterSessionStatements(
  ctx: WriteContext,
  publicUrl: string,
  statements: Array<Record<string, unknown>>,
) {
  const sessionId = ctx.caller.cmi5SessionId;
  if (!sessionId) return;
  const session = await findCmi5Session(ctx.db, everything, sessionId, true);
  if (!session) {
    const said = new Set(statements.map((statement) => (statement.verb as { id: string }).id));
    return afterUnitStatements(ctx, publicUrl, sessionId, said);
  }
  const ours = statements.filter((statement) => {
    const object = statement.object as { id?: string } | undefined;
    const context = statement.context as { registration?: string } | undefined;
    return object?.id === session.activityIri && context?.registration?.toLowerCase() === session.enrolmentId;
  });
  if (ours.length === 0) return;
  const said = new Set(ours.map((statement) => (statement.verb as { id: string }).id));
  if (said.has(verbs.completed) || said.has(verbs.passed)) {
    const reported = await reportedVerbs(ctx.db, session.participantId, session.activityIri, session.enrolmentId);
    const met = moveOnMet(moduleMoveOn, {
      completed: reported.has(verbs.completed),
      passed: reported.has(verbs.passed),
    });
    if (met && !reported.has(verbs.satisfied)) {
      await lmsStatement(ctx, publicUrl, {
        actor: actorOf(publicUrl, session.participantId),
        verb: verb(verbs.satisfied, 'satisfied'),
        object: { id: session.activityIri },
        context: lmsContext(session.enrolmentId, session.id),
      });
    }
  }
  if (said.has(verbs.terminated)) await endCmi5Session(ctx.db, session.id, 'terminated');
}

/**
 * Waives a module's assignable unit for an enrolment (staff): `waived` with the reason and
 * `satisfied`, in a session of their own; the module is then completed.
 */
export async function waive(
  ctx: WriteContext,
  publicUrl: string,
  enrolmentId: string,
  moduleRef: string,
  reason: string,
) {
  const { enrolment, module } = await enrolmentModule(ctx, enrolmentId, moduleRef);
  if (module.progressStatus === 'completed') {
    throw conflict(`The module ${module.code} is completed already; there is nothing to waive.`, 'module-completed');
  }
  const sessionId = uuidv4();
  const actor = actorOf(publicUrl, enrolment.participantId);
  await lmsStatement(ctx, publicUrl, {
    actor,
    verb: verb(verbs.waived, 'waived'),
    object: { id: module.activityIri },
    context: lmsContext(enrolment.id, sessionId, { moveOn: true }),
    result: { success: true, completion: true, extensions: { [cmi5Extensions.reason]: reason } },
  });
  await lmsStatement(ctx, publicUrl, {
    actor,
    verb: verb(verbs.satisfied, 'satisfied'),
    object: { id: module.activityIri },
    context: lmsContext(enrolment.id, sessionId),
  });
  await audit(ctx, {
    action: 'cmi5.waived',
    resourceType: 'enrolment',
    resourceId: enrolment.id,
    organisationPath: enrolment.organisationPath,
    before: { module: module.code, status: module.progressStatus },
    after: { module: module.code, status: 'completed', reason },
  });
  return getEnrolment(ctx.db, ctx.caller, enrolment.id);
}

export const toSession = (session: {
  id: string;
  enrolmentId: string;
  moduleCode: string;
  launchMode: Cmi5LaunchMode;
  status: string;
  createdAt: Date;
  endedAt: Date | null;
}) => ({
  id: session.id,
  enrolmentId: session.enrolmentId,
  moduleCode: session.moduleCode,
  launchMode: session.launchMode,
  status: session.status as 'launched' | 'terminated' | 'abandoned',
  launchedAt: session.createdAt.toISOString(),
  endedAt: session.endedAt?.toISOString() ?? null,
});

/** Abandons a session that never terminated (staff): it ends, with an `abandoned` statement. */
export async function abandon(ctx: WriteContext, publicUrl: string, sessionId: string) {
  const session = await findCmi5Session(ctx.db, ctx.caller.scope, sessionId, true);
  if (!session) throw notFound('The session');
  const ended = await endCmi5Session(ctx.db, session.id, 'abandoned');
  if (!ended) throw conflict(`The session ended already (${session.status}).`, 'session-ended');
  await lmsStatement(ctx, publicUrl, {
    actor: actorOf(publicUrl, session.participantId),
    verb: verb(verbs.abandoned, 'abandoned'),
    object: { id: session.activityIri },
    context: lmsContext(session.enrolmentId, session.id),
    result: { duration: isoDuration(Date.now() - session.createdAt.getTime()) },
  });
  await audit(ctx, {
    action: 'cmi5.abandoned',
    resourceType: 'enrolment',
    resourceId: session.enrolmentId,
    organisationPath: session.organisationPath,
    before: { module: session.moduleCode, sessionId: session.id, status: session.status },
    after: { module: session.moduleCode, sessionId: session.id, status: 'abandoned' },
  });
  return toSession({ ...session, status: 'abandoned', endedAt: ended.endedAt });
}

/** A programme version's course structure (cmi5.xml): one AU per module that has a launch URL. */
export async function courseStructure(db: Database, publicUrl: string, programmeId: string, versionId: string) {
  const source = await findCourseSource(db, programmeId, versionId);
  if (!source) throw notFound('The programme version');
  const units = source.modules.flatMap((m) =>
    m.launchUrl
      ? [{ id: m.activityIri, title: m.title, description: m.summary, url: m.launchUrl, moveOn: moduleMoveOn }]
      : [],
  );
  if (units.length === 0) {
    throw new DomainError(
      409,
      'no-assignable-units',
      'Conflict',
      'No module of this programme version has a launch URL, and a cmi5 course needs at least one assignable unit.',
    );
  }
  return courseStructureXml(
    {
      id: `${base(publicUrl)}/xapi/programmes/${encodeURIComponent(source.code)}/versions/${source.number}`,
      title: source.name,
      description: source.summary,
    },
    units,
  );
}
