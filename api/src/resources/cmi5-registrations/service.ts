import { randomBytes } from 'node:crypto';
import {
  type AgentIdentifiers,
  agentKey,
  type Cmi5LaunchMode,
  endCmi5Session,
  findCmi5Registration,
  findCmi5SessionFacts,
  findCourseUnit,
  insertCmi5Registration,
  insertCmi5Session,
  listCourseUnits,
  verbsByActivity,
} from '@loket/db';
import { v4 as uuidv4 } from 'uuid';
import { principalKey } from '../../lib/caller';
import { conflict, DomainError, notFound } from '../../lib/errors';
import { audit, type WriteContext } from '../../lib/write';
import { learnerPrincipalId } from '../../plugins/authentication';
import { base, lmsStatement, sha256, verb, writeLaunchDocuments } from '../cmi5/lms';
import {
  cmi5ActivityTypes,
  cmi5Extensions,
  courseActivityIds,
  isoDuration,
  launchData,
  launchUrlOf,
  lmsContext,
  type MoveOn,
  newlySatisfied,
  resolveAuUrl,
} from '../cmi5/rules';
import { verbs } from '../xapi/rules';

/**
 * Loket as a cmi5 LMS for imported courses: any learner (an agent, not only a participant) in a
 * registration of their own, launched by whoever manages courses (KB staff trying a package, an
 * e-learning platform, a conformance suite).
 */

type Unit = NonNullable<Awaited<ReturnType<typeof findCourseUnit>>>;

async function courseUnit(ctx: WriteContext, courseId: string, position: number): Promise<Unit> {
  const unit = await findCourseUnit(ctx.db, courseId, position);
  if (!unit) throw notFound(`Assignable unit ${position} of this course`);
  return unit;
}

/**
 * Records `satisfied` for every block and the course whose units are now all satisfied (cmi5
 * 9.3.9), innermost first, in the session that satisfied them.
 */
async function satisfyCourse(
  ctx: WriteContext,
  publicUrl: string,
  registration: { id: string; courseId: string; actor: Record<string, unknown> },
  coursePublisherId: string,
  sessionId: string,
) {
  const ids = courseActivityIds(publicUrl, registration.courseId);
  const units = await listCourseUnits(ctx.db, registration.courseId);
  const reported = await verbsByActivity(ctx.db, registration.id, [
    verbs.completed,
    verbs.passed,
    verbs.waived,
    verbs.satisfied,
  ]);
  const said = (activityIri: string, verbId: string) =>
    reported.some((row) => row.activityIri === activityIri && row.verb === verbId);
  const progress = units.map((unit) => ({
    position: unit.position,
    moveOn: unit.moveOn as MoveOn,
    blocks: unit.blocks,
    completed: said(ids.unit(unit.position), verbs.completed),
    passed: said(ids.unit(unit.position), verbs.passed),
    waived: said(ids.unit(unit.position), verbs.waived),
  }));
  const blocks = [...new Set(units.flatMap((unit) => unit.blocks))];
  const before = new Set([
    ...blocks.filter((block) => said(ids.block(block), verbs.satisfied)),
    ...(said(ids.course, verbs.satisfied) ? ['course'] : []),
  ]);
  for (const target of newlySatisfied(progress, before)) {
    const block = target.type === 'block';
    await lmsStatement(ctx, publicUrl, {
      actor: registration.actor,
      verb: verb(verbs.satisfied, 'satisfied'),
      object: {
        id: block ? ids.block(target.publisherId) : ids.course,
        definition: { type: block ? cmi5ActivityTypes.block : cmi5ActivityTypes.course },
      },
      context: lmsContext(registration.id, sessionId, {
        grouping: block ? target.publisherId : coursePublisherId,
      }),
    });
  }
}

export interface LaunchRequest {
  actor: Record<string, unknown>;
  registration?: string | undefined;
  launchMode?: Cmi5LaunchMode | undefined;
  returnUrl?: string | undefined;
}

/** The registration a launch runs in: the one named (same course, same learner) or a new one. */
async function registrationFor(ctx: WriteContext, courseId: string, request: LaunchRequest, actorKey: string) {
  const id = request.registration?.toLowerCase() ?? uuidv4();
  const created = await insertCmi5Registration(ctx.db, {
    id,
    courseId,
    actor: request.actor,
    actorKey,
    createdBy: principalKey(ctx.caller),
  });
  const registration = await findCmi5Registration(ctx.db, id, true);
  if (!registration) throw new Error('registration vanished');
  if (registration.courseId !== courseId || registration.actorKey !== actorKey) {
    throw conflict(
      'This registration belongs to another course or another learner: launch without one for a new registration.',
      'registration-mismatch',
    );
  }
  return { registration, created };
}

/**
 * Launches an imported course's unit for a learner: a session, the documents the unit reads, the
 * `launched` statement, and the launch URL with a one-time fetch URL. A new registration whose
 * units need nothing (moveOn NotApplicable) has its blocks and course satisfied at once (cmi5 9.6.1.1).
 */
export async function launch(
  ctx: WriteContext,
  publicUrl: string,
  courseId: string,
  position: number,
  request: LaunchRequest,
) {
  const unit = await courseUnit(ctx, courseId, position);
  const actorKey = agentKey(request.actor as AgentIdentifiers);
  if (!actorKey || (request.actor.objectType !== undefined && request.actor.objectType !== 'Agent')) {
    throw new DomainError(
      422,
      'invalid-actor',
      'Unprocessable Content',
      'The actor must be an xAPI Agent with one identifier: mbox, mbox_sha1sum, openid or account.',
    );
  }
  const { registration, created } = await registrationFor(ctx, courseId, request, actorKey);
  const launchMode = request.launchMode ?? 'Normal';
  const fetchKey = randomBytes(32).toString('base64url');
  const session = await insertCmi5Session(ctx.db, {
    registrationId: registration.id,
    assignableUnitId: unit.id,
    launchMode,
    fetchKeyHash: sha256(fetchKey),
    launchedBy: principalKey(ctx.caller),
  });
  if (created) await satisfyCourse(ctx, publicUrl, registration, unit.coursePublisherId, session.id);
  const activityId = courseActivityIds(publicUrl, courseId).unit(position);
  const auUrl = resolveAuUrl(publicUrl, courseId, unit.url);
  await writeLaunchDocuments(ctx, {
    activityId,
    actorKey,
    registration: registration.id,
    owner: { participantId: null, storedBy: `client:${learnerPrincipalId(actorKey)}` },
    launchData: launchData({
      sessionId: session.id,
      publisherId: unit.publisherId,
      launchMode,
      moveOn: unit.moveOn as MoveOn,
      launchMethod: unit.launchMethod,
      launchParameters: unit.launchParameters,
      masteryScore: unit.masteryScore,
      entitlementKey: unit.entitlementKey,
      returnUrl: request.returnUrl,
    }),
  });
  await lmsStatement(ctx, publicUrl, {
    actor: registration.actor,
    verb: verb(verbs.launched, 'launched'),
    object: { id: activityId },
    context: lmsContext(registration.id, session.id, {
      grouping: unit.publisherId,
      extensions: {
        [cmi5Extensions.launchMode]: launchMode,
        [cmi5Extensions.launchUrl]: auUrl,
        [cmi5Extensions.moveOn]: unit.moveOn,
        ...(unit.launchParameters ? { [cmi5Extensions.launchParameters]: unit.launchParameters } : {}),
        ...(unit.masteryScore !== null ? { [cmi5Extensions.masteryScore]: unit.masteryScore } : {}),
      },
    }),
  });
  await audit(ctx, {
    action: 'cmi5.launched',
    resourceType: 'cmi5_registration',
    resourceId: registration.id,
    organisationPath: null,
    after: { courseId, position, sessionId: session.id, launchMode },
  });
  return {
    sessionId: session.id,
    url: launchUrlOf(auUrl, {
      endpoint: `${base(publicUrl)}/v1/xapi/`,
      fetch: `${base(publicUrl)}/v1/cmi5/fetch/${fetchKey}`,
      actor: registration.actor,
      registration: registration.id,
      activityId,
    }),
    registration: registration.id,
    activityId,
    launchMode,
  };
}

/** After a unit's statements are stored: `terminated` ends its session; a unit satisfied may satisfy its blocks and course. */
export async function afterUnitStatements(
  ctx: WriteContext,
  publicUrl: string,
  sessionId: string,
  said: ReadonlySet<string>,
) {
  const facts = await findCmi5SessionFacts(ctx.db, sessionId);
  if (!facts?.registrationId || !facts.courseId || facts.position === null) return;
  if (said.has(verbs.completed) || said.has(verbs.passed)) {
    const registration = await findCmi5Registration(ctx.db, facts.registrationId, true);
    const unit = await findCourseUnit(ctx.db, facts.courseId, facts.position);
    if (registration && unit) await satisfyCourse(ctx, publicUrl, registration, unit.coursePublisherId, sessionId);
  }
  if (said.has(verbs.terminated)) await endCmi5Session(ctx.db, sessionId, 'terminated');
}

/** Waives a unit in a registration: `waived` with the reason, then what that satisfies, in a session of its own. */
export async function waive(
  ctx: WriteContext,
  publicUrl: string,
  registrationId: string,
  position: number,
  reason: string,
) {
  const registration = await findCmi5Registration(ctx.db, registrationId.toLowerCase(), true);
  if (!registration) throw notFound('The registration');
  const unit = await courseUnit(ctx, registration.courseId, position);
  const activityId = courseActivityIds(publicUrl, registration.courseId).unit(position);
  const reported = await verbsByActivity(ctx.db, registration.id, [verbs.completed, verbs.passed, verbs.waived]);
  const said = new Set(reported.filter((row) => row.activityIri === activityId).map((row) => row.verb));
  if (said.has(verbs.waived)) throw conflict('This unit was waived already in this registration.', 'unit-waived');
  const sessionId = uuidv4();
  await lmsStatement(ctx, publicUrl, {
    actor: registration.actor,
    verb: verb(verbs.waived, 'waived'),
    object: { id: activityId },
    context: lmsContext(registration.id, sessionId, { moveOn: true, grouping: unit.publisherId }),
    result: { success: true, completion: true, extensions: { [cmi5Extensions.reason]: reason } },
  });
  await satisfyCourse(ctx, publicUrl, registration, unit.coursePublisherId, sessionId);
  await audit(ctx, {
    action: 'cmi5.waived',
    resourceType: 'cmi5_registration',
    resourceId: registration.id,
    organisationPath: null,
    after: { position, reason },
  });
  return { registration: registration.id, position, activityId, sessionId };
}

/** Abandons a session of an imported course's unit that never terminated: it ends, with `abandoned`. */
export async function abandon(ctx: WriteContext, publicUrl: string, sessionId: string) {
  const facts = await findCmi5SessionFacts(ctx.db, sessionId);
  if (!facts?.registrationId || !facts.courseId || facts.position === null) throw notFound('The session');
  const registration = await findCmi5Registration(ctx.db, facts.registrationId, true);
  if (!registration) throw notFound('The session');
  const ended = await endCmi5Session(ctx.db, sessionId, 'abandoned');
  if (!ended) throw conflict(`The session ended already (${facts.status}).`, 'session-ended');
  const unit = await courseUnit(ctx, registration.courseId, facts.position);
  await lmsStatement(ctx, publicUrl, {
    actor: registration.actor,
    verb: verb(verbs.abandoned, 'abandoned'),
    object: { id: courseActivityIds(publicUrl, registration.courseId).unit(facts.position) },
    context: lmsContext(registration.id, sessionId, { grouping: unit.publisherId }),
    result: { duration: isoDuration(Date.now() - ended.createdAt.getTime()) },
  });
  await audit(ctx, {
    action: 'cmi5.abandoned',
    resourceType: 'cmi5_registration',
    resourceId: registration.id,
    organisationPath: null,
    before: { sessionId, status: facts.status },
    after: { sessionId, status: 'abandoned' },
  });
  return {
    id: sessionId,
    registration: registration.id,
    position: facts.position,
    launchMode: ended.launchMode,
    status: 'abandoned' as const,
    launchedAt: ended.createdAt.toISOString(),
    endedAt: ended.endedAt?.toISOString() ?? null,
  };
}
