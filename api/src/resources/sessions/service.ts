import {
  attendanceOfSession,
  attendanceSheet,
  type Database,
  facilitatorsOfSession,
  facilitatorsOfSessions,
  findCohort,
  findOrganisation,
  findSession,
  insertSessions,
  isCohortFacilitator,
  listAllEnrolments,
  listSessions,
  nextSessionSequence,
  readSyncWatermark,
  replaceAttendance,
  replaceSessionFacilitators,
  type SessionRow,
  sessionsTakenPlace,
  updateSession,
} from '@loket/db';
import type { Caller } from '../../lib/caller';
import { conflict, DomainError, type FieldProblem, invalid, notFound } from '../../lib/errors';
import { assertIfMatch, listAnswer, pageParams, versioned } from '../../lib/http';
import { audit, type WriteContext } from '../../lib/write';
import { cohortAccepts } from '../cohorts/rules';
import { assertFacilitators } from '../cohorts/staff';
import { refreshCohort, refreshStatus } from '../enrolments/status';
import { announce } from './announce';
import type { AttendanceList, Session, SessionCreate, SessionPatch, SessionQuery } from './schema';

/** Turns meeting rows into the API shape, with their facilitators and whether they took place in two queries. */
async function toSessions(db: Database, rows: SessionRow[]): Promise<Session[]> {
  const ids = rows.map((row) => row.id);
  const facilitators = await facilitatorsOfSessions(db, ids);
  const tookPlace = await sessionsTakenPlace(db, ids);
  return rows.map((row) => ({
    id: row.id,
    cohortId: row.cohortId,
    type: row.type,
    sequence: row.sequence,
    title: row.title,
    status: row.status === 'scheduled' && tookPlace.has(row.id) ? 'held' : row.status,
    countsForCertificate: row.countsForCertificate,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    locationOrganisationId: row.locationOrganisationId,
    onlineUrl: row.onlineUrl,
    capacity: row.capacity,
    agenda: row.agenda,
    facilitatorUserIds: facilitators.get(row.id) ?? [],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  }));
}

async function toSession(db: Database, row: SessionRow): Promise<Session> {
  const [session] = await toSessions(db, [row]);
  if (!session) throw new Error('session mapping lost a row');
  return session;
}

export async function list(db: Database, caller: Caller, query: SessionQuery) {
  // Read before the rows: whatever this read cannot see yet is stamped after it.
  const syncWatermark = (await readSyncWatermark(db)).toISOString();
  const page = await listSessions(db, {
    scope: caller.scope,
    filter: {
      cohortId: query.cohortId,
      status: query.status,
      type: query.type,
      upcoming: query.upcoming,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      updatedSince: query.updatedSince ? new Date(query.updatedSince) : undefined,
    },
    page: pageParams(query),
  });
  return listAnswer(page, query.limit, await toSessions(db, page.rows), { syncWatermark });
}

export async function get(db: Database, caller: Caller, id: string): Promise<Session> {
  const row = await findSession(db, caller.scope, id);
  if (!row) throw notFound('The meeting');
  return toSession(db, row);
}

/** Meetings fall within the cohort's dates, end after they start, and happen at its library or online. */
async function assertSchedule(
  ctx: WriteContext,
  cohort: { startsOn: string; endsOn: string; organisationPath: string },
  when: { startsAt: string; endsAt: string },
  locationOrganisationId: string | null | undefined,
) {
  if (new Date(when.endsAt) <= new Date(when.startsAt))
    throw invalid('/endsAt', 'A meeting ends after it starts.', 'meeting-ends-before-start');
  const day = when.startsAt.slice(0, 10);
  if (day < cohort.startsOn || day > cohort.endsOn) {
    throw invalid(
      '/startsAt',
      `The meeting must fall within the cohort (${cohort.startsOn} to ${cohort.endsOn}).`,
      'meeting-outside-cohort',
      { startsOn: cohort.startsOn, endsOn: cohort.endsOn },
    );
  }
  if (locationOrganisationId) {
    const place = await findOrganisation(ctx.db, ctx.caller.scope, locationOrganisationId);
    if (!place?.path.startsWith(cohort.organisationPath)) {
      throw invalid(
        '/locationOrganisationId',
        'The location must be the library or one of its branches.',
        'meeting-location-elsewhere',
      );
    }
  }
}

export async function create(ctx: WriteContext, input: SessionCreate): Promise<Session> {
  const cohort = await findCohort(ctx.db, ctx.caller.scope, input.cohortId, true);
  if (!cohort) throw invalid('/cohortId', 'The cohort does not exist.', 'cohort-unknown');
  if (!cohortAccepts.meetings(cohort.status))
    throw conflict('The cohort is closed; no meetings can be planned.', 'cohort-closed');
  await assertSchedule(ctx, cohort, input, input.locationOrganisationId);
  await assertFacilitators(ctx.db, cohort.organisationPath, input.facilitatorUserIds);
  const [row] = await insertSessions(ctx.db, [
    {
      cohortId: cohort.id,
      type: input.type,
      sequence: await nextSessionSequence(ctx.db, cohort.id),
      title: input.title,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      locationOrganisationId: input.locationOrganisationId ?? (input.onlineUrl ? null : cohort.organisationId),
      onlineUrl: input.onlineUrl ?? null,
      capacity: input.capacity ?? null,
      agenda: input.agenda ?? [],
      countsForCertificate: input.countsForCertificate ?? false,
    },
  ]);
  if (!row) throw new Error('session insert returned nothing');
  await replaceSessionFacilitators(ctx.db, row.id, input.facilitatorUserIds ?? []);
  const created = await toSession(ctx.db, row);
  await announce(ctx, 'session.scheduled', row, {
    organisationId: cohort.organisationId,
    organisationPath: cohort.organisationPath,
  });
  await audit(ctx, {
    action: 'session.created',
    resourceType: 'session',
    resourceId: row.id,
    organisationPath: cohort.organisationPath,
    after: created,
  });
  // A counting meeting asks something new of every enrolment: a completed one may no longer be.
  if (row.countsForCertificate) await refreshCohort(ctx, cohort.id);
  return created;
}

export async function update(
  ctx: WriteContext,
  id: string,
  patch: SessionPatch,
  ifMatch: string | undefined,
): Promise<Session> {
  const current = await findSession(ctx.db, ctx.caller.scope, id, true);
  if (!current) throw notFound('The meeting');
  assertIfMatch(ifMatch, current.version);
  if (!cohortAccepts.meetings(current.cohortStatus as 'closed'))
    throw conflict('The cohort is closed.', 'cohort-closed');
  if (current.status === 'cancelled') throw conflict('The meeting was cancelled.', 'session-cancelled');
  const startsAt = patch.startsAt ?? current.startsAt.toISOString();
  const endsAt = patch.endsAt ?? current.endsAt.toISOString();
  await assertSchedule(
    ctx,
    { startsOn: current.cohortStartsOn, endsOn: current.cohortEndsOn, organisationPath: current.organisationPath },
    { startsAt, endsAt },
    patch.locationOrganisationId,
  );
  await assertFacilitators(ctx.db, current.organisationPath, patch.facilitatorUserIds);
  const before = await toSession(ctx.db, current);
  const { facilitatorUserIds, startsAt: _s, endsAt: _e, ...rest } = patch;
  const row = await versioned(
    updateSession(ctx.db, current, {
      ...rest,
      ...(patch.startsAt ? { startsAt: new Date(patch.startsAt) } : {}),
      ...(patch.endsAt ? { endsAt: new Date(patch.endsAt) } : {}),
    }),
  );
  if (facilitatorUserIds) await replaceSessionFacilitators(ctx.db, id, facilitatorUserIds);
  const updated = await toSession(ctx.db, row);
  await announce(ctx, 'session.changed', row, current);
  await audit(ctx, {
    action: patch.startsAt || patch.endsAt ? 'session.rescheduled' : 'session.updated',
    resourceType: 'session',
    resourceId: id,
    organisationPath: current.organisationPath,
    before,
    after: updated,
  });
  if (row.countsForCertificate !== current.countsForCertificate) await refreshCohort(ctx, current.cohortId);
  return updated;
}

export async function cancel(ctx: WriteContext, id: string, ifMatch: string | undefined): Promise<Session> {
  const current = await findSession(ctx.db, ctx.caller.scope, id, true);
  if (!current) throw notFound('The meeting');
  assertIfMatch(ifMatch, current.version);
  if (current.status === 'cancelled') return toSession(ctx.db, current);
  if (current.cohortStatus === 'closed') throw conflict('The cohort is closed.', 'cohort-closed');
  const row = await versioned(updateSession(ctx.db, current, { status: 'cancelled' }));
  await announce(ctx, 'session.cancelled', row, current);
  await audit(ctx, {
    action: 'session.cancelled',
    resourceType: 'session',
    resourceId: id,
    organisationPath: current.organisationPath,
    before: { status: current.status },
    after: { status: 'cancelled' },
  });
  await refreshCohort(ctx, current.cohortId);
  return toSession(ctx.db, row);
}

/** All of a cohort's enrolments, however many. */
const cohortEnrolments = (db: Database, cohortId: string) =>
  listAllEnrolments(db, { scope: { kind: 'all' }, filter: { cohortId } });

export async function attendanceOf(db: Database, caller: Caller, id: string) {
  const session = await findSession(db, caller.scope, id);
  if (!session) throw notFound('The meeting');
  const sheet = await attendanceSheet(db, caller.scope, id);
  return {
    sessionId: id,
    records: sheet.map((row) => ({ ...row, recordedAt: row.recordedAt?.toISOString() ?? null })),
  };
}

/** Takes attendance for a whole meeting in one go: the list replaces what was recorded. */
export async function takeAttendance(ctx: WriteContext, id: string, input: AttendanceList) {
  const session = await findSession(ctx.db, ctx.caller.scope, id, true);
  if (!session) throw notFound('The meeting');
  if (ctx.caller.role === 'facilitator' && ctx.caller.actorId) {
    const own =
      (await isCohortFacilitator(ctx.db, session.cohortId, ctx.caller.actorId)) ||
      (await facilitatorsOfSession(ctx.db, id)).includes(ctx.caller.actorId);
    if (!own)
      throw new DomainError(403, 'forbidden', 'Forbidden', 'You take attendance only for the cohorts you facilitate.');
  }
  if (session.status === 'cancelled') throw conflict('The meeting was cancelled.', 'session-cancelled');
  if (!cohortAccepts.attendance(session.cohortStatus as 'running')) {
    throw conflict(`The cohort is ${session.cohortStatus}; attendance is taken while it runs.`, 'cohort-not-running', {
      status: session.cohortStatus,
    });
  }
  if (session.startsAt > new Date()) throw conflict('The meeting has not started yet.', 'session-not-started');

  const enrolments = await cohortEnrolments(ctx.db, session.cohortId);
  const known = new Set(enrolments.map((e) => e.id));
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  input.records.forEach((record, i) => {
    if (!known.has(record.enrolmentId))
      problems.push({
        path: `/records/${i}/enrolmentId`,
        message: 'Not an enrolment of this cohort.',
        code: 'enrolment-other-cohort',
      });
    if (seen.has(record.enrolmentId))
      problems.push({ path: `/records/${i}/enrolmentId`, message: 'Appears twice.', code: 'duplicate' });
    seen.add(record.enrolmentId);
    if (record.excuseWaived && record.status !== 'excused') {
      problems.push({
        path: `/records/${i}/excuseWaived`,
        message: 'Only an excused absence can be waived.',
        code: 'waiver-needs-excuse',
      });
    }
  });
  if (problems.length > 0)
    throw new DomainError(422, 'validation', 'Invalid input', problems[0]?.message ?? '', problems, undefined, {
      code: problems[0]?.code ?? 'validation',
    });

  const before = await attendanceOfSession(ctx.db, id);
  await replaceAttendance(
    ctx.db,
    id,
    input.records.map((r) => ({ enrolmentId: r.enrolmentId, status: r.status, excuseWaived: r.excuseWaived ?? false })),
    ctx.caller.actorType === 'user' ? ctx.caller.actorId : null,
  );
  await audit(ctx, {
    action: 'attendance.recorded',
    resourceType: 'session',
    resourceId: id,
    organisationPath: session.organisationPath,
    before: before.map((r) => ({ enrolmentId: r.enrolmentId, status: r.status, excuseWaived: r.excuseWaived })),
    after: input.records,
  });
  const touched = new Set([...before.map((r) => r.enrolmentId), ...input.records.map((r) => r.enrolmentId)]);
  for (const enrolmentId of touched) await refreshStatus(ctx, enrolmentId);
  return attendanceOf(ctx.db, { ...ctx.caller, scope: { kind: 'all' } }, id);
}
