import {
  findModuleEnrolments,
  lockCohortsOf,
  lockProgress,
  type ModuleEnrolment,
  type ProgressState,
  voidedStatementIds,
  writeProgress,
  type XapiStatementValues,
} from '@loket/db';
import { emitAll } from '../../lib/events';
import { auditAll, type WriteContext } from '../../lib/write';
import { cohortAccepts } from '../cohorts/rules';
import { plannedStatusChanges, writeStatusChanges } from '../enrolments/status';
import { combineProgress, type ProgressChange, progressOf } from './rules';

/**
 * What new statements do to module progress: a separate step after they are stored, which never
 * refuses one. Statements about a participant and a module they follow move that module, once and
 * whatever their order (see combineProgress); those for a withdrawn enrolment, a cohort that has
 * not started or is closed, or a statement voided already move nothing and stay stored.
 */

const statusRank = { not_started: 0, in_progress: 1, completed: 2 } as const;

interface Report {
  participantId: string;
  activityIri: string;
  registration: string | null;
  change: ProgressChange;
  at: Date;
}

function reportsOf(rows: XapiStatementValues[], voided: Set<string>): Report[] {
  return rows.flatMap((row) => {
    if (!row.participantId || !row.activityIri || row.voidsId || voided.has(row.id)) return [];
    const result = (row.statement.result ?? {}) as { score?: { scaled?: number } };
    const change = progressOf(row.verb, result.score?.scaled);
    if (!change) return [];
    const storedAt = row.storedAt ?? new Date();
    // A player's clock may run ahead; progress never happens in the future.
    const at = new Date(Math.min(row.timestamp.getTime(), storedAt.getTime()));
    return [
      {
        participantId: row.participantId,
        activityIri: row.activityIri,
        registration: row.registration ?? null,
        change,
        at,
      },
    ];
  });
}

/**
 * The enrolment a report is about: the one its registration names, else one whose cohort runs and
 * that was not withdrawn, else the newest.
 */
function enrolmentFor(report: Report, candidates: ModuleEnrolment[]): ModuleEnrolment | undefined {
  const own = candidates.filter(
    (c) => c.participantId === report.participantId && c.activityIri === report.activityIri,
  );
  const named = report.registration ? own.find((c) => c.enrolmentId === report.registration) : undefined;
  if (named) return named;
  const ranked = [...own].sort(
    (a, b) =>
      Number(cohortAccepts.progress(b.cohortStatus) && b.enrolmentStatus !== 'withdrawn') -
        Number(cohortAccepts.progress(a.cohortStatus) && a.enrolmentStatus !== 'withdrawn') ||
      b.enrolmentCreatedAt.getTime() - a.enrolmentCreatedAt.getTime() ||
      (a.enrolmentId < b.enrolmentId ? -1 : 1),
  );
  return ranked[0];
}

/** The module's progress once an effect is applied: never back, earliest moments, best score. */
function merged(current: ProgressState, effect: NonNullable<ReturnType<typeof combineProgress>>): ProgressState {
  const status = statusRank[effect.status] > statusRank[current.status] ? effect.status : current.status;
  const earliest = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : (a ?? b));
  const completedAt = status === 'completed' ? earliest(current.completedAt, effect.completedAt) : null;
  const currentScore = current.score === null ? null : Number(current.score);
  const score =
    effect.score === null ? currentScore : currentScore === null ? effect.score : Math.max(currentScore, effect.score);
  return {
    ...current,
    status,
    startedAt: earliest(current.startedAt, effect.startedAt),
    completedAt,
    score: score === null ? null : score.toFixed(4),
  };
}

const changed = (a: ProgressState, b: ProgressState) =>
  a.status !== b.status ||
  a.startedAt?.getTime() !== b.startedAt?.getTime() ||
  a.completedAt?.getTime() !== b.completedAt?.getTime() ||
  (a.score === null ? null : Number(a.score)) !== (b.score === null ? null : Number(b.score));

/** `voided`: which of the rows are voided already, when the caller knows; else they are looked up. */
export async function applyProgress(
  ctx: WriteContext,
  rows: XapiStatementValues[],
  knownVoided?: Set<string>,
): Promise<void> {
  const candidates = rows.filter((row) => row.participantId && row.activityIri && progressOf(row.verb) !== null);
  if (candidates.length === 0) return;
  const voided =
    knownVoided ??
    (await voidedStatementIds(
      ctx.db,
      candidates.map((row) => row.id),
    ));
  const reports = reportsOf(candidates, voided);
  const enrolments = await findModuleEnrolments(
    ctx.db,
    [...new Set(reports.map((r) => r.participantId))],
    [...new Set(reports.map((r) => r.activityIri))],
  );
  const byProgress = new Map<string, { target: ModuleEnrolment; reports: Report[] }>();
  for (const report of reports) {
    const target = enrolmentFor(report, enrolments);
    // Kept as a record; a withdrawn enrolment or a cohort that does not run takes no progress.
    if (!target || target.enrolmentStatus === 'withdrawn' || !cohortAccepts.progress(target.cohortStatus)) continue;
    const entry = byProgress.get(target.progressId) ?? { target, reports: [] };
    entry.reports.push(report);
    byProgress.set(target.progressId, entry);
  }
  if (byProgress.size === 0) return;
  const entries = [...byProgress.values()];
  // An enrolment's status can move only when it has not started yet or a module may be completed:
  // only those are locked (before the progress rows, as every writer of progress does), so batches
  // about learners already under way wait only for batches about the same module of the same learner.
  const mayMove = entries.filter(
    (entry) => entry.target.enrolmentStatus === 'invited' || entry.reports.some((r) => r.change.status === 'completed'),
  );
  const current = await lockProgress(
    ctx.db,
    mayMove.map((entry) => entry.target.enrolmentId),
    entries.map((entry) => entry.target.progressId),
  );
  const changes: Array<{ before: ProgressState; after: ProgressState; target: ModuleEnrolment }> = [];
  for (const row of current) {
    const entry = byProgress.get(row.id);
    const effect = entry ? combineProgress(entry.reports) : null;
    if (!entry || !effect) continue;
    const after = merged(row, effect);
    if (changed(row, after)) changes.push({ before: row, after, target: entry.target });
  }
  if (changes.length === 0) return;
  const moved = changes.filter(
    (c) =>
      c.target.enrolmentStatus === 'invited' || (c.after.status !== c.before.status && c.after.status === 'completed'),
  );
  // Everything that needs reading is read before the cohorts are locked: batches about the same
  // cohorts wait for one another from that lock until they commit.
  const statuses = await plannedStatusChanges(
    ctx,
    [...new Set(moved.map((c) => c.target.enrolmentId))],
    new Map(changes.map((c) => [c.after.id, c.after.status])),
  );
  await lockCohortsOf(
    ctx.db,
    changes.map((c) => c.after.id),
  );
  await writeProgress(
    ctx.db,
    changes.map((c) => c.after),
  );
  await writeStatusChanges(ctx, statuses);
  await auditAll(ctx, [
    ...changes.map(({ before, after, target }) => ({
      action: 'progress.updated' as const,
      resourceType: 'enrolment' as const,
      resourceId: target.enrolmentId,
      organisationPath: target.organisationPath,
      before: { module: target.moduleCode, status: before.status },
      after: { module: target.moduleCode, status: after.status, score: after.score },
    })),
    ...statuses.map((change) => change.audit),
  ]);
  await emitAll(ctx, [
    ...changes.map(({ after, target }) => ({
      type: 'progress.updated' as const,
      organisationPath: target.organisationPath,
      data: {
        enrolmentId: target.enrolmentId,
        participantId: target.participantId,
        moduleCode: target.moduleCode,
        status: after.status === 'completed' ? ('completed' as const) : ('in_progress' as const),
        score: after.score === null ? null : Number(after.score),
      },
    })),
    ...statuses.flatMap((change) => (change.event ? [change.event] : [])),
  ]);
}
