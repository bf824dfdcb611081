import {
  type EnrolmentStatus,
  type EnrolmentView,
  findEnrolment,
  listAllEnrolments,
  type ProgressStatus,
  updateEnrolment,
  updateEnrolmentStatuses,
} from '@loket/db';
import { notFound } from '../../lib/errors';
import { emit } from '../../lib/events';
import { versioned } from '../../lib/http';
import { type AuditEntry, audit, type WriteContext } from '../../lib/write';
import { picture, pictures } from './picture';
import { nextEnrolmentStatus } from './rules';
import type { EnrolmentDetail } from './schema';

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
 * What a batch of xAPI statements does to the statuses of enrolments this transaction holds locked,
 * with `pending` the module statuses (by progress row id) it is about to write: one read for all of
 * them. Read before the batch takes its cohorts' locks, so that it holds them for less.
 */
export async function plannedStatusChanges(
  ctx: WriteContext,
  enrolmentIds: string[],
  pending: ReadonlyMap<string, ProgressStatus>,
): Promise<StatusChange[]> {
  if (enrolmentIds.length === 0) return [];
  const views = await listAllEnrolments(ctx.db, { scope: { kind: 'all' }, filter: {}, ids: enrolmentIds });
  const now = new Date();
  return (await pictures(ctx.db, views, pending)).flatMap((detail) => {
    const status = refreshedStatus(detail);
    const view = views.find((v) => v.id === detail.id);
    return status === detail.status || !view ? [] : [{ ...statusChange(view, status, now), view }];
  });
}

/** Writes planned status changes in one statement; their audit entries and events are the caller's to write. */
export async function writeStatusChanges(ctx: WriteContext, changes: StatusChange[]): Promise<void> {
  await versioned(
    updateEnrolmentStatuses(
      ctx.db,
      changes.map(({ view, values }) => ({ current: view, ...values })),
    ),
  );
}

type StatusChange = ReturnType<typeof statusChange> & { view: EnrolmentView };

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
  await versioned(updateEnrolment(ctx.db, view, change.values));
  await audit(ctx, change.audit);
  if (change.event) await emit(ctx, change.event.type, change.event.organisationPath, change.event.data);
  const refreshed = await findEnrolment(ctx.db, { kind: 'all' }, enrolmentId);
  return refreshed ? picture(ctx.db, refreshed) : detail;
}
