import { type Database, findCohort, findJob, insertJob, type JobRow } from '@loket/db';
import type { Caller } from '../../lib/caller';
import { conflict, notFound } from '../../lib/errors';
import { audit, type WriteContext } from '../../lib/write';
import type { Job } from './schema';

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    subjectId: row.subjectId,
    total: row.total,
    done: row.done,
    failed: row.failed,
    failures: row.failures.map(({ item, reason, code, params, missing }) => ({
      item,
      reason,
      code: code ?? 'internal',
      params: params ?? {},
      missing: (missing ?? []).map((m) => ({ code: m.code ?? 'validation', params: m.params ?? {} })),
    })),
    resultIds: row.resultIds,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function get(db: Database, caller: Caller, id: string): Promise<Job> {
  const row = await findJob(db, caller.scope, id);
  if (!row) throw notFound('The job');
  return toJob(row);
}

/** Records a bulk issue for a cohort; the caller hands it to the queue once this commits. */
export async function queueCertificateBatch(ctx: WriteContext, cohortId: string, type: string): Promise<Job> {
  const cohort = await findCohort(ctx.db, ctx.caller.scope, cohortId);
  if (!cohort) throw notFound('The cohort');
  if (cohort.status === 'planned')
    throw conflict('The cohort has not started; nobody can have completed it yet.', 'cohort-not-started');
  const row = await insertJob(ctx.db, {
    type,
    organisationPath: cohort.organisationPath,
    createdByActorId: ctx.caller.actorType === 'user' ? ctx.caller.actorId : null,
    input: { cohortId },
    subjectId: cohortId,
  });
  await audit(ctx, {
    action: 'certificates.batch_queued',
    resourceType: 'job',
    resourceId: row.id,
    organisationPath: cohort.organisationPath,
    after: { cohortId },
  });
  return toJob(row);
}
