import {
  type CohortRow,
  countCohortEnrolments,
  currentPublishedVersionIds,
  type Database,
  deleteCohort,
  draftMeetings,
  facilitatorsOfCohorts,
  findCohort,
  findOrganisation,
  findProgrammeVersion,
  insertCohort,
  insertSessions,
  listCohorts,
  modulesOfCohorts,
  modulesOfVersion,
  readSyncWatermark,
  replaceCohortFacilitators,
  replaceCohortModules,
  updateCohort,
} from '@loket/db';
import type { Caller } from '../../lib/caller';
import { conflict, invalid, notFound } from '../../lib/errors';
import { emit } from '../../lib/events';
import { assertIfMatch, listAnswer, pageParams, versioned } from '../../lib/http';
import { audit, type WriteContext } from '../../lib/write';
import { acceptsOf, cohortAccepts, nextStatuses, transitionProblem } from './rules';
import type { Cohort, CohortCreate, CohortPatch, CohortQuery } from './schema';
import { assertAdviser, assertFacilitators } from './staff';

/** Turns cohort rows into the API shape, with their modules and facilitators, in two queries. */
async function toCohorts(db: Database, rows: CohortRow[]): Promise<Cohort[]> {
  const ids = rows.map((r) => r.id);
  // One after the other: inside a transaction `db` is a single connection, which runs one query at a time.
  const moduleRows = await modulesOfCohorts(db, ids);
  const facilitatorRows = await facilitatorsOfCohorts(db, ids);
  return rows.map((row) => ({
    id: row.id,
    organisationId: row.organisationId,
    programmeVersionId: row.programmeVersionId,
    name: row.name,
    phase: row.phase,
    status: row.status,
    nextStatuses: nextStatuses(row.status),
    accepts: acceptsOf(row.status),
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    modules: moduleRows
      .filter((m) => m.cohortId === row.id)
      .map((m) => ({ id: m.id, code: m.code, title: m.title, position: m.position })),
    adviserUserId: row.adviserUserId,
    facilitatorUserIds: facilitatorRows.filter((f) => f.cohortId === row.id).map((f) => f.id),
    facilitators: facilitatorRows
      .filter((f) => f.cohortId === row.id)
      .map((f) => ({ id: f.id, displayName: f.displayName })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  }));
}

async function toCohort(db: Database, row: CohortRow): Promise<Cohort> {
  const [cohort] = await toCohorts(db, [row]);
  if (!cohort) throw new Error('cohort mapping lost a row');
  return cohort;
}

export async function list(db: Database, caller: Caller, query: CohortQuery) {
  // Read before the rows: whatever this read cannot see yet is stamped after it.
  const syncWatermark = (await readSyncWatermark(db)).toISOString();
  const page = await listCohorts(db, {
    scope: caller.scope,
    filter: {
      organisationId: query.organisationId,
      status: query.status,
      phase: query.phase,
      programmeVersionId: query.programmeVersionId,
      q: query.q,
      updatedSince: query.updatedSince ? new Date(query.updatedSince) : undefined,
    },
    page: pageParams(query),
  });
  return listAnswer(page, query.limit, await toCohorts(db, page.rows), { syncWatermark });
}

export async function get(db: Database, caller: Caller, id: string): Promise<Cohort> {
  const row = await findCohort(db, caller.scope, id);
  if (!row) throw notFound('The cohort');
  return toCohort(db, row);
}

async function resolveModules(db: Database, programmeVersionId: string, codes: string[] | undefined) {
  const available = await modulesOfVersion(db, programmeVersionId);
  if (!codes) return available;
  const unknown = codes.filter((code) => !available.some((m) => m.code === code));
  if (unknown.length > 0) {
    throw invalid(
      '/moduleCodes',
      `Unknown module code${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`,
      'module-unknown',
      { modules: unknown },
    );
  }
  return available.filter((m) => codes.includes(m.code));
}

function assertDates(startsOn: string, endsOn: string) {
  if (endsOn < startsOn)
    throw invalid('/endsOn', 'The cohort cannot end before it starts.', 'cohort-ends-before-start');
}

export async function create(ctx: WriteContext, input: CohortCreate): Promise<Cohort> {
  const library = await findOrganisation(ctx.db, ctx.caller.scope, input.organisationId);
  if (!library) throw invalid('/organisationId', 'The organisation does not exist.', 'organisation-unknown');
  if (library.kind !== 'library')
    throw invalid('/organisationId', `A cohort is run by a library, not by a ${library.kind}.`, 'cohort-not-library', {
      kind: library.kind,
    });
  assertDates(input.startsOn, input.endsOn);
  const versionId = input.programmeVersionId ?? (await currentPublishedVersionIds(ctx.db))[0];
  const version = versionId ? await findProgrammeVersion(ctx.db, versionId) : undefined;
  if (version?.status !== 'published') {
    throw invalid(
      '/programmeVersionId',
      'There is no published programme version to start on.',
      'no-published-version',
    );
  }
  const chosen = await resolveModules(ctx.db, version.id, input.moduleCodes);
  await assertAdviser(ctx.db, library.path, input.adviserUserId);
  await assertFacilitators(ctx.db, library.path, input.facilitatorUserIds);

  const row = await insertCohort(ctx.db, {
    organisationId: library.id,
    programmeVersionId: version.id,
    name:
      input.name ??
      `${input.phase === 'pilot' ? 'Pilot' : 'Leertraject'} ${library.name} ${input.startsOn.slice(0, 4)}`,
    phase: input.phase,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    adviserUserId: input.adviserUserId ?? null,
  });
  await replaceCohortModules(
    ctx.db,
    row.id,
    chosen.map((m) => m.id),
  );
  await replaceCohortFacilitators(ctx.db, row.id, input.facilitatorUserIds ?? []);
  await insertSessions(
    ctx.db,
    draftMeetings(version.meetingPlan, input.startsOn, input.endsOn).map((meeting) => ({
      ...meeting,
      cohortId: row.id,
      locationOrganisationId: library.id,
      countsForCertificate: version.completionRule.requiredSessionTypes.includes(meeting.type),
    })),
  );
  const created = await toCohort(ctx.db, row);
  await audit(ctx, {
    action: 'cohort.created',
    resourceType: 'cohort',
    resourceId: row.id,
    organisationPath: library.path,
    after: created,
  });
  return created;
}

export async function update(
  ctx: WriteContext,
  id: string,
  patch: CohortPatch,
  ifMatch: string | undefined,
): Promise<Cohort> {
  const current = await findCohort(ctx.db, ctx.caller.scope, id, true);
  if (!current) throw notFound('The cohort');
  assertIfMatch(ifMatch, current.version);
  const before = await toCohort(ctx.db, current);

  if (current.status === 'closed') throw conflict('A closed cohort does not change any more.', 'cohort-closed');
  if (patch.status) {
    const problem = transitionProblem(current.status, patch.status);
    if (problem) throw conflict(problem, 'invalid-transition', { from: current.status, to: patch.status });
  }
  assertDates(patch.startsOn ?? current.startsOn, patch.endsOn ?? current.endsOn);
  if (patch.moduleCodes) {
    if (!cohortAccepts.moduleChanges(current.status)) {
      throw conflict('The modules of a cohort can change only while it is planned.', 'cohort-started');
    }
    if ((await countCohortEnrolments(ctx.db, id)) > 0) {
      throw conflict(
        'People are already enrolled; their progress follows the chosen modules. Change the modules before enrolling.',
        'cohort-has-enrolments',
      );
    }
    const chosen = await resolveModules(ctx.db, current.programmeVersionId, patch.moduleCodes);
    await replaceCohortModules(
      ctx.db,
      id,
      chosen.map((m) => m.id),
    );
  }
  await assertAdviser(ctx.db, current.organisationPath, patch.adviserUserId);
  await assertFacilitators(ctx.db, current.organisationPath, patch.facilitatorUserIds);
  if (patch.facilitatorUserIds) await replaceCohortFacilitators(ctx.db, id, patch.facilitatorUserIds);

  const { moduleCodes: _codes, facilitatorUserIds: _facilitators, ...changes } = patch;
  const row = await versioned(updateCohort(ctx.db, current, changes));
  const updated = await toCohort(ctx.db, row);
  await audit(ctx, {
    action: patch.status && patch.status !== current.status ? 'cohort.status_changed' : 'cohort.updated',
    resourceType: 'cohort',
    resourceId: id,
    organisationPath: current.organisationPath,
    before,
    after: updated,
  });
  if (patch.status && patch.status !== current.status) {
    await emit(ctx, 'cohort.status_changed', current.organisationPath, {
      cohortId: id,
      organisationId: current.organisationId,
      from: current.status,
      to: patch.status,
    });
  }
  return updated;
}

export async function remove(ctx: WriteContext, id: string, ifMatch: string | undefined): Promise<void> {
  const current = await findCohort(ctx.db, ctx.caller.scope, id, true);
  if (!current) throw notFound('The cohort');
  assertIfMatch(ifMatch, current.version);
  if (current.status !== 'planned' || (await countCohortEnrolments(ctx.db, id)) > 0) {
    throw conflict('Only a planned cohort without enrolments can be deleted.', 'cohort-in-use');
  }
  const before = await toCohort(ctx.db, current);
  await versioned(deleteCohort(ctx.db, current));
  await audit(ctx, {
    action: 'cohort.deleted',
    resourceType: 'cohort',
    resourceId: id,
    organisationPath: current.organisationPath,
    before,
  });
}
