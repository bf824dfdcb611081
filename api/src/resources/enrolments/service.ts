import {
  type Database,
  findCohort,
  findEnrolment,
  findEnrolmentsInCohort,
  findParticipantsWithPath,
  insertEnrolments,
  listAllEnrolments,
  listEnrolments,
  modulesOfCohorts,
  readSyncWatermark,
  updateEnrolment,
} from '@loket/db';
import type { Caller } from '../../lib/caller';
import { conflict, DomainError, type FieldProblem, invalid, notFound } from '../../lib/errors';
import { emit } from '../../lib/events';
import { assertIfMatch, listAnswer, pageParams, versioned } from '../../lib/http';
import { audit, type WriteContext } from '../../lib/write';
import { cohortAccepts } from '../cohorts/rules';
import { picture, pictures, toEnrolment } from './picture';
import type { EnrolmentDetail, EnrolmentQuery } from './schema';
import { refreshStatus } from './status';

export async function list(db: Database, caller: Caller, query: EnrolmentQuery) {
  // Read before the rows: whatever this read cannot see yet is stamped after it.
  const syncWatermark = (await readSyncWatermark(db)).toISOString();
  const page = await listEnrolments(db, {
    scope: caller.scope,
    filter: {
      cohortId: query.cohortId,
      participantId: query.participantId,
      status: query.status,
      updatedSince: query.updatedSince ? new Date(query.updatedSince) : undefined,
    },
    page: pageParams(query),
  });
  return listAnswer(page, query.limit, page.rows.map(toEnrolment), { syncWatermark });
}

export async function get(db: Database, caller: Caller, id: string): Promise<EnrolmentDetail> {
  const view = await findEnrolment(db, caller.scope, id);
  if (!view) throw notFound('The enrolment');
  return picture(db, view);
}

export async function mine(db: Database, caller: Caller) {
  if (!caller.participantId) return { data: [] };
  const rows = await listAllEnrolments(db, {
    scope: { kind: 'self', participantId: caller.participantId },
    filter: {},
    newestFirst: true,
  });
  return { data: await pictures(db, rows) };
}

/** Loads a cohort in scope that still takes enrolments. */
export async function openCohort(ctx: WriteContext, cohortId: string, path = '/cohortId') {
  const cohort = await findCohort(ctx.db, ctx.caller.scope, cohortId, true);
  if (!cohort) {
    if (path === '') throw notFound('The cohort');
    throw invalid(path, 'The cohort does not exist.', 'cohort-unknown');
  }
  if (!cohortAccepts.enrolments(cohort.status)) {
    throw conflict(`The cohort is ${cohort.status}; it takes no new enrolments.`, 'cohort-closed', {
      status: cohort.status,
    });
  }
  return cohort;
}

export async function enrolAll(
  ctx: WriteContext,
  cohortId: string,
  participantIds: string[],
  fieldPath: (i: number) => string,
) {
  const cohort = await openCohort(ctx, cohortId, fieldPath(-1));
  const found = new Map(
    (await findParticipantsWithPath(ctx.db, ctx.caller.scope, participantIds))
      .filter((p) => !p.erasedAt)
      .map((p) => [p.id, p]),
  );
  const people = participantIds.map((id) => found.get(id));
  const problems: FieldProblem[] = [];
  people.forEach((person, i) => {
    if (!person)
      problems.push({ path: fieldPath(i), message: 'The participant does not exist.', code: 'participant-unknown' });
    else if (!person.organisationPath.startsWith(cohort.organisationPath)) {
      problems.push({
        path: fieldPath(i),
        message: 'The participant works at another library than the cohort.',
        code: 'participant-other-library',
      });
    }
  });
  if (problems.length > 0)
    throw new DomainError(422, 'validation', 'Invalid input', problems[0]?.message ?? '', problems, undefined, {
      code: problems[0]?.code ?? 'validation',
    });
  const existing = await findEnrolmentsInCohort(ctx.db, cohortId, participantIds);
  if (existing.length > 0) {
    throw conflict(`${existing.length} of these people are already enrolled in the cohort.`, 'already-enrolled', {
      count: existing.length,
    });
  }
  const chosen = (await modulesOfCohorts(ctx.db, [cohortId])).map((m) => m.id);
  const inserted = await insertEnrolments(
    ctx.db,
    participantIds.map((participantId) => ({ cohortId, participantId })),
    chosen,
  );
  for (const row of inserted) {
    await audit(ctx, {
      action: 'enrolment.created',
      resourceType: 'enrolment',
      resourceId: row.id,
      organisationPath: cohort.organisationPath,
      after: { cohortId, participantId: row.participantId, status: row.status },
    });
    await emit(ctx, 'enrolment.created', cohort.organisationPath, {
      enrolmentId: row.id,
      cohortId,
      participantId: row.participantId,
      organisationId: cohort.organisationId,
      status: row.status,
    });
  }
  return inserted;
}

export async function create(
  ctx: WriteContext,
  input: { cohortId: string; participantId: string },
): Promise<EnrolmentDetail> {
  const [row] = await enrolAll(ctx, input.cohortId, [input.participantId], (i) =>
    i < 0 ? '/cohortId' : '/participantId',
  );
  const view = row ? await findEnrolment(ctx.db, { kind: 'all' }, row.id) : undefined;
  if (!view) throw new Error('enrolment vanished');
  return picture(ctx.db, view);
}

export async function createMany(ctx: WriteContext, cohortId: string, participantIds: string[]) {
  const rows = await enrolAll(ctx, cohortId, participantIds, (i) => (i < 0 ? '' : `/participantIds/${i}`));
  const created = await listAllEnrolments(ctx.db, {
    scope: { kind: 'all' },
    filter: { cohortId },
    ids: rows.map((r) => r.id),
  });
  return { data: created.map(toEnrolment) };
}

export async function update(
  ctx: WriteContext,
  id: string,
  status: 'active' | 'withdrawn',
  ifMatch: string | undefined,
) {
  const view = await findEnrolment(ctx.db, ctx.caller.scope, id, true);
  if (!view) throw notFound('The enrolment');
  assertIfMatch(ifMatch, view.version);
  if (view.cohortStatus === 'closed') throw conflict('The cohort is closed.', 'cohort-closed');
  if (status === view.status || (status === 'active' && view.status !== 'withdrawn')) return picture(ctx.db, view);
  await versioned(
    updateEnrolment(ctx.db, view, {
      status,
      withdrawnAt: status === 'withdrawn' ? new Date() : null,
    }),
  );
  await emit(ctx, status === 'withdrawn' ? 'enrolment.withdrawn' : 'enrolment.reinstated', view.organisationPath, {
    enrolmentId: id,
    cohortId: view.cohortId,
    participantId: view.participantId,
    status,
  });
  await audit(ctx, {
    action: status === 'withdrawn' ? 'enrolment.withdrawn' : 'enrolment.reinstated',
    resourceType: 'enrolment',
    resourceId: id,
    organisationPath: view.organisationPath,
    before: { status: view.status },
    after: { status },
  });
  return status === 'active' ? refreshStatus(ctx, id) : get(ctx.db, { ...ctx.caller, scope: { kind: 'all' } }, id);
}
