import { findEnrolment, findProgress, updateProgress } from '@loket/db';
import { conflict, DomainError, invalid, notFound } from '../../lib/errors';
import { emit } from '../../lib/events';
import { versioned } from '../../lib/http';
import { audit, type WriteContext } from '../../lib/write';
import { cohortAccepts } from '../cohorts/rules';
import { picture } from './picture';
import type { EnrolmentDetail } from './schema';
import { refreshStatus } from './status';

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
  const row = await versioned(
    updateProgress(ctx.db, current, {
      status: update.status,
      startedAt: current.startedAt ?? at,
      completedAt: update.status === 'completed' ? at : null,
      score,
      ...(byHand ? { byHandReason: byHand.reason, byHandUserId: byHand.userId, byHandAt: at } : {}),
    }),
  );
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
  await versioned(
    updateProgress(ctx.db, current, {
      status: 'in_progress',
      startedAt: current.startedAt,
      completedAt: null,
      score: null,
    }),
  );
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
