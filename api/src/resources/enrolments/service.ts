import {
  attendanceOfEnrolments,
  completionRulesOfCohorts,
  type Database,
  type EnrolmentStatus,
  type EnrolmentView,
  findCohort,
  findEnrolment,
  findEnrolmentsInCohort,
  findParticipantsByEmails,
  findParticipantsWithPath,
  findProgress,
  insertEnrolments,
  insertParticipant,
  listAllEnrolments,
  listAllOrganisations,
  listEnrolments,
  modulesOfCohorts,
  progressOfEnrolments,
  readSyncWatermark,
  sessionsOfCohorts,
  updateEnrolment,
  updateProgress,
} from '@loket/db';
import type { Caller } from '../../lib/caller';
import { conflict, DomainError, type FieldProblem, invalid, notFound, preconditionFailed } from '../../lib/errors';
import { emit, emitAll } from '../../lib/events';
import { assertIfMatch, listAnswer, pageParams } from '../../lib/http';
import { type AuditEntry, audit, auditAll, type WriteContext } from '../../lib/write';
import { cohortAccepts } from '../cohorts/rules';
import { type CsvRow, parseEnrolmentCsv, rowProblems } from './csv';
import { evaluateCompletion, type MissingItem, nextEnrolmentStatus } from './rules';
import type { Enrolment, EnrolmentDetail, EnrolmentQuery, ImportReport, ImportRow } from './schema';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toEnrolment(view: EnrolmentView): Enrolment {
  return {
    id: view.id,
    cohortId: view.cohortId,
    cohortName: view.cohortName,
    participantId: view.participantId,
    participant: {
      givenName: view.givenName,
      nameInfix: view.nameInfix,
      familyName: view.familyName,
      email: view.email,
      organisationId: view.participantOrganisationId,
    },
    status: view.status,
    invitedAt: view.invitedAt.toISOString(),
    activatedAt: iso(view.activatedAt),
    completedAt: iso(view.completedAt),
    withdrawnAt: iso(view.withdrawnAt),
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
    version: view.version,
  };
}

const missingOut = (item: MissingItem) =>
  item.kind === 'module'
    ? {
        kind: 'module' as const,
        id: item.moduleId,
        code: item.code,
        title: item.title,
        reason: item.status as 'not_started' | 'in_progress',
      }
    : { kind: 'session' as const, id: item.sessionId, code: null, title: item.title, reason: item.reason };

/** Each enrolment's whole picture: progress, attendance, and what the certificate still needs. */
export async function pictures(db: Database, views: EnrolmentView[]): Promise<EnrolmentDetail[]> {
  const enrolmentIds = views.map((v) => v.id);
  const cohortIds = [...new Set(views.map((v) => v.cohortId))];
  // One after the other: inside a transaction `db` is a single connection, which runs one query at a time.
  const progress = await progressOfEnrolments(db, enrolmentIds);
  const attendance = await attendanceOfEnrolments(db, enrolmentIds);
  const chosen = await modulesOfCohorts(db, cohortIds);
  const sessions = await sessionsOfCohorts(db, cohortIds);
  const rules = await completionRulesOfCohorts(db, cohortIds);
  return views.map((view) => {
    const own = progress.filter((p) => p.enrolmentId === view.id);
    const ownAttendance = new Map(attendance.filter((a) => a.enrolmentId === view.id).map((a) => [a.sessionId, a]));
    const cohortSessions = sessions.filter((s) => s.cohortId === view.cohortId);
    const rule = rules.find((r) => r.cohortId === view.cohortId)?.rule;
    if (!rule) throw new Error(`cohort ${view.cohortId} has no programme version`);
    const completion = evaluateCompletion({
      rule,
      modules: chosen.filter((m) => m.cohortId === view.cohortId),
      progress: new Map(own.map((p) => [p.moduleId, p.status])),
      sessions: cohortSessions.map((s) => ({
        id: s.id,
        type: s.type,
        title: s.title,
        cancelled: s.status === 'cancelled',
        counts: s.countsForCertificate,
      })),
      attendance: ownAttendance,
    });
    return {
      ...toEnrolment(view),
      progress: own.map((p) => ({
        moduleId: p.moduleId,
        code: p.code,
        title: p.title,
        position: p.position,
        status: p.status,
        startedAt: iso(p.startedAt),
        completedAt: iso(p.completedAt),
        score: p.score === null ? null : Number(p.score),
        estimatedMinutes: p.estimatedMinutes,
        launchUrl: p.launchUrl,
        recordedByHand:
          p.byHandAt && p.byHandReason
            ? { byName: p.byHandName, at: p.byHandAt.toISOString(), reason: p.byHandReason }
            : null,
      })),
      attendance: cohortSessions.map((s) => ({
        sessionId: s.id,
        type: s.type,
        title: s.title,
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
        location: s.locationName,
        onlineUrl: s.onlineUrl,
        cancelled: s.status === 'cancelled',
        countsForCertificate: s.countsForCertificate,
        status: ownAttendance.get(s.id)?.status ?? null,
        excuseWaived: ownAttendance.get(s.id)?.excuseWaived ?? false,
      })),
      completion: { eligible: completion.eligible, missing: completion.missing.map(missingOut) },
    };
  });
}

async function picture(db: Database, view: EnrolmentView): Promise<EnrolmentDetail> {
  const [detail] = await pictures(db, [view]);
  if (!detail) throw new Error('picture lost its enrolment');
  return detail;
}

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

/** The status an enrolment's progress and attendance call for. */
function refreshedStatus(detail: EnrolmentDetail) {
  const anyActivity =
    detail.progress.some((p) => p.status !== 'not_started') || detail.attendance.some((a) => a.status !== null);
  return nextEnrolmentStatus(detail.status, detail.completion.eligible, anyActivity);
}

/**
 * Brings every enrolment of a cohort up to date, however many: one read for all of them, and the
 * locked refresh only for those whose status changes.
 */
export async function refreshCohort(ctx: WriteContext, cohortId: string): Promise<void> {
  await refreshViews(ctx, await listAllEnrolments(ctx.db, { scope: { kind: 'all' }, filter: { cohortId } }));
}

/**
 * The same for enrolments this transaction holds locked (those a batch of xAPI statements moved):
 * one read for all of them, one write per status that changes, and their audit entries and events
 * in one statement each.
 */
export async function refreshEnrolments(ctx: WriteContext, enrolmentIds: string[]): Promise<void> {
  if (enrolmentIds.length === 0) return;
  const views = await listAllEnrolments(ctx.db, { scope: { kind: 'all' }, filter: {}, ids: enrolmentIds });
  const changes: Array<ReturnType<typeof statusChange> & { view: EnrolmentView }> = [];
  for (const detail of await pictures(ctx.db, views)) {
    const status = refreshedStatus(detail);
    const view = views.find((v) => v.id === detail.id);
    if (status === detail.status || !view) continue;
    const change = statusChange(view, status, new Date());
    if (!(await updateEnrolment(ctx.db, view, change.values))) throw preconditionFailed();
    changes.push({ ...change, view });
  }
  await auditAll(
    ctx,
    changes.map((change) => change.audit),
  );
  await emitAll(
    ctx,
    changes.flatMap((change) => (change.event ? [change.event] : [])),
  );
}

/** What a new status writes on an enrolment, and how it is audited and announced. */
function statusChange(view: EnrolmentView, status: EnrolmentStatus, now: Date) {
  return {
    values: {
      status,
      activatedAt: view.activatedAt ?? (status !== 'invited' ? now : null),
      completedAt: status === 'completed' ? now : null,
    },
    audit: {
      action: status === 'completed' ? 'enrolment.completed' : 'enrolment.status_changed',
      resourceType: 'enrolment',
      resourceId: view.id,
      organisationPath: view.organisationPath,
      before: { status: view.status },
      after: { status },
    } satisfies AuditEntry,
    event:
      status === 'completed'
        ? {
            type: 'enrolment.completed' as const,
            organisationPath: view.organisationPath,
            data: {
              enrolmentId: view.id,
              cohortId: view.cohortId,
              participantId: view.participantId,
              completedAt: now.toISOString(),
            },
          }
        : undefined,
  };
}

async function refreshViews(ctx: WriteContext, views: EnrolmentView[]): Promise<void> {
  for (const detail of await pictures(ctx.db, views)) {
    if (refreshedStatus(detail) !== detail.status) await refreshStatus(ctx, detail.id);
  }
}

/**
 * Brings an enrolment's status in line with its progress and attendance: completed when the rule
 * holds, active once anything happened, back to active when an admin reopens a module.
 */
export async function refreshStatus(ctx: WriteContext, enrolmentId: string): Promise<EnrolmentDetail> {
  const view = await findEnrolment(ctx.db, { kind: 'all' }, enrolmentId, true);
  if (!view) throw notFound('The enrolment');
  const detail = await picture(ctx.db, view);
  const status = refreshedStatus(detail);
  if (status === view.status) return detail;
  const change = statusChange(view, status, new Date());
  const row = await updateEnrolment(ctx.db, view, change.values);
  if (!row) throw preconditionFailed();
  await audit(ctx, change.audit);
  if (change.event) await emit(ctx, change.event.type, change.event.organisationPath, change.event.data);
  const refreshed = await findEnrolment(ctx.db, { kind: 'all' }, enrolmentId);
  return refreshed ? picture(ctx.db, refreshed) : detail;
}

/** Loads a cohort in scope that still takes enrolments. */
async function openCohort(ctx: WriteContext, cohortId: string, path = '/cohortId') {
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

async function enrolAll(
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
  const row = await updateEnrolment(ctx.db, view, {
    status,
    withdrawnAt: status === 'withdrawn' ? new Date() : null,
  });
  if (!row) throw preconditionFailed();
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

/**
 * A coordinator or adviser records progress by hand (e.g. a module completed elsewhere), with the reason
 * shown on the enrolment and kept in the audit log. It counts for the certificate like any progress.
 */
export async function recordProgressByHand(
  ctx: WriteContext,
  enrolmentId: string,
  moduleCode: string,
  input: { status: 'in_progress' | 'completed'; reason: string },
): Promise<EnrolmentDetail> {
  // The permission is granted to staff roles only, never to an API client: the caller is a user.
  if (ctx.caller.actorType !== 'user' || !ctx.caller.actorId)
    throw new DomainError(403, 'forbidden', 'Forbidden', 'Progress is recorded by hand by a signed-in staff member.');
  const reason = input.reason.trim();
  if (reason.length < 5) throw invalid('/reason', 'Give a reason of at least 5 characters.');
  return recordProgress(ctx, enrolmentId, moduleCode, { status: input.status }, new Date(), {
    reason,
    userId: ctx.caller.actorId,
  });
}

/** Records progress on one module; a completed module stays completed. */
export async function recordProgress(
  ctx: WriteContext,
  enrolmentId: string,
  moduleCode: string,
  update: { status: 'in_progress' | 'completed'; score?: number | null | undefined },
  at: Date = new Date(),
  byHand?: { reason: string; userId: string },
): Promise<EnrolmentDetail> {
  const view = await findEnrolment(ctx.db, ctx.caller.scope, enrolmentId, true);
  if (!view) throw notFound('The enrolment');
  if (view.status === 'withdrawn') throw conflict('The enrolment was withdrawn.', 'enrolment-withdrawn');
  if (!cohortAccepts.progress(view.cohortStatus)) {
    throw conflict(`The cohort is ${view.cohortStatus}; progress is recorded while it runs.`, 'cohort-not-running', {
      status: view.cohortStatus,
    });
  }
  const current = await findProgress(ctx.db, enrolmentId, moduleCode, true);
  if (!current) throw notFound(`The module ${moduleCode} in this cohort`);
  const score = update.score === undefined ? current.score : update.score === null ? null : update.score.toFixed(4);
  if (current.status === 'completed') {
    if (update.status === 'in_progress') {
      throw conflict('This module was completed; only an admin can reopen it, with a reason.', 'progress-completed');
    }
    return picture(ctx.db, view);
  }
  const row = await updateProgress(ctx.db, current, {
    status: update.status,
    startedAt: current.startedAt ?? at,
    completedAt: update.status === 'completed' ? at : null,
    score,
    ...(byHand ? { byHandReason: byHand.reason, byHandUserId: byHand.userId, byHandAt: at } : {}),
  });
  if (!row) throw preconditionFailed();
  await audit(ctx, {
    action: byHand ? 'progress.recorded_by_hand' : 'progress.updated',
    resourceType: 'enrolment',
    resourceId: enrolmentId,
    organisationPath: view.organisationPath,
    before: { module: moduleCode, status: current.status },
    after: { module: moduleCode, status: row.status, score: row.score, ...(byHand ? { reason: byHand.reason } : {}) },
  });
  await emit(ctx, 'progress.updated', view.organisationPath, {
    enrolmentId,
    participantId: view.participantId,
    moduleCode,
    status: update.status,
    score: row.score === null ? null : Number(row.score),
  });
  return refreshStatus(ctx, enrolmentId);
}

export async function resetProgress(ctx: WriteContext, enrolmentId: string, moduleCode: string, reason: string) {
  const view = await findEnrolment(ctx.db, ctx.caller.scope, enrolmentId, true);
  if (!view) throw notFound('The enrolment');
  const current = await findProgress(ctx.db, enrolmentId, moduleCode, true);
  if (!current) throw notFound(`The module ${moduleCode} in this cohort`);
  if (current.status !== 'completed')
    throw conflict('Only a completed module can be reopened.', 'progress-not-completed');
  const row = await updateProgress(ctx.db, current, {
    status: 'in_progress',
    startedAt: current.startedAt,
    completedAt: null,
    score: null,
  });
  if (!row) throw preconditionFailed();
  await audit(ctx, {
    action: 'progress.reset',
    resourceType: 'enrolment',
    resourceId: enrolmentId,
    organisationPath: view.organisationPath,
    before: { module: moduleCode, status: 'completed', score: current.score },
    after: { module: moduleCode, status: 'in_progress', reason },
  });
  return refreshStatus(ctx, enrolmentId);
}

/** A name as people type it: case and spacing do not matter, everything else does. */
const normalName = (name: string) => name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('nl');

/**
 * The library or branch a row's "vestiging" names, by its name or short name (or id) and nothing looser:
 * a guess would put people at the wrong place unseen. Otherwise the names to choose from: those
 * containing what was written, or else all of them.
 */
export function placeNamed(
  places: ReadonlyArray<{ id: string; name: string; shortName: string | null }>,
  written: string,
): { id: string } | { choices: string[] } {
  const wanted = normalName(written);
  const matches = places.filter((p) => [p.id, p.name, p.shortName].some((v) => v !== null && normalName(v) === wanted));
  const [only] = matches;
  if (only && matches.length === 1) return { id: only.id };
  const near = matches.length > 1 ? matches : places.filter((p) => normalName(p.name).includes(wanted));
  return { choices: (near.length > 0 ? near : places).map((p) => p.name) };
}

/** Checks every row of an import against the database; commits only when no row has a problem. */
export async function importCsv(
  ctx: WriteContext,
  cohortId: string,
  text: string,
  dryRun: boolean,
): Promise<ImportReport> {
  const parsed = parseEnrolmentCsv(text);
  if (!parsed.ok)
    throw new DomainError(422, 'invalid-file', 'Invalid file', parsed.problem, [
      { path: '/file', message: parsed.problem },
    ]);
  const cohort = await openCohort(ctx, cohortId, '');
  const branches = await listAllOrganisations(ctx.db, {
    scope: ctx.caller.scope,
    filter: { within: cohort.organisationId },
  });

  // Everyone the file names and who of them is enrolled already: two queries, however long the file.
  const known = new Map(
    (await findParticipantsByEmails(ctx.db, parsed.rows.map((r) => r.values.email).filter(Boolean))).map((p) => [
      p.email.toLowerCase(),
      p,
    ]),
  );
  const enrolled = new Set(
    (
      await findEnrolmentsInCohort(
        ctx.db,
        cohortId,
        [...known.values()].map((p) => p.id),
      )
    ).map((e) => e.participantId),
  );
  const seen = new Map<string, number>();
  const rows: Array<ImportRow & { source: CsvRow; organisationId: string | null; participantId: string | null }> = [];
  for (const source of parsed.rows) {
    const problems = rowProblems(source);
    const email = source.values.email.toLowerCase() || null;
    let action: ImportRow['action'] = null;
    let organisationId: string | null = cohort.organisationId;
    let participantId: string | null = null;
    if (email) {
      const first = seen.get(email);
      if (first !== undefined) problems.push({ column: 'e-mail', message: `appears already on line ${first}` });
      else seen.set(email, source.line);
    }
    if (source.values.branch) {
      const place = placeNamed(branches, source.values.branch);
      if ('id' in place) organisationId = place.id;
      else
        problems.push({
          column: 'vestiging',
          message: `"${source.values.branch}" is not a branch of ${cohort.organisationName}`,
          choices: place.choices,
        });
    }
    if (email && problems.length === 0) {
      const existing = known.get(email);
      if (existing) {
        const inLibrary = branches.some((b) => b.id === existing.organisationId);
        if (!inLibrary) {
          problems.push({ column: 'e-mail', message: 'belongs to someone at another library' });
        } else {
          participantId = existing.id;
          action = enrolled.has(existing.id) ? 'already_enrolled' : 'enrol_existing';
        }
      } else {
        action = 'create_and_enrol';
      }
    }
    const landsAt = problems.length > 0 ? null : (branches.find((b) => b.id === organisationId) ?? null);
    rows.push({
      line: source.line,
      email,
      action: problems.length > 0 ? null : action,
      organisation: landsAt && { id: landsAt.id, name: landsAt.name },
      problems,
      source,
      organisationId,
      participantId,
    });
  }

  const report: ImportReport = {
    dryRun,
    committed: false,
    summary: {
      rows: rows.length,
      invalid: rows.filter((r) => r.problems.length > 0).length,
      createAndEnrol: rows.filter((r) => r.action === 'create_and_enrol').length,
      enrolExisting: rows.filter((r) => r.action === 'enrol_existing').length,
      alreadyEnrolled: rows.filter((r) => r.action === 'already_enrolled').length,
    },
    rows: rows.map(({ line, email, action, organisation, problems }) => ({
      line,
      email,
      action,
      organisation,
      problems,
    })),
  };
  if (dryRun) return report;
  if (report.summary.invalid > 0) {
    const errors = rows.flatMap((r) =>
      r.problems.map((p) => ({ path: `/line/${r.line}/${p.column}`, message: p.message })),
    );
    throw new DomainError(
      422,
      'invalid-rows',
      'Invalid rows',
      `${report.summary.invalid} rows have problems; nothing was imported.`,
      errors,
    );
  }
  const toEnrol: string[] = [];
  for (const row of rows) {
    if (row.action === 'create_and_enrol' && row.organisationId) {
      const created = await insertParticipant(ctx.db, {
        organisationId: row.organisationId,
        givenName: row.source.values.givenName,
        nameInfix: row.source.values.nameInfix || null,
        familyName: row.source.values.familyName,
        email: row.source.values.email,
        jobTitle: row.source.values.jobTitle || null,
      });
      await audit(ctx, {
        action: 'participant.created',
        resourceType: 'participant',
        resourceId: created.id,
        organisationPath: cohort.organisationPath,
        after: { id: created.id, email: created.email, source: 'import' },
      });
      toEnrol.push(created.id);
    } else if (row.action === 'enrol_existing' && row.participantId) {
      toEnrol.push(row.participantId);
    }
  }
  if (toEnrol.length > 0) await enrolAll(ctx, cohortId, toEnrol, (i) => (i < 0 ? '' : `/line/${i}`));
  return { ...report, committed: true };
}
