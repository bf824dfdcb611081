import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { type JobFailure, jobs } from '../schema/jobs';
import { pathInScope, type Scope } from './scope';

export type JobRow = typeof jobs.$inferSelect;

export async function insertJob(
  db: Database,
  values: Omit<typeof jobs.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'version'>,
) {
  const [row] = await db.insert(jobs).values(values).returning();
  if (!row) throw new Error('job insert returned nothing');
  return row;
}

export async function findJob(db: Database, scope: Scope, id: string): Promise<JobRow | undefined> {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, id), pathInScope(scope, jobs.organisationPath)));
  return row;
}

export async function startJob(db: Database, id: string, total: number) {
  await db.update(jobs).set({ status: 'running', total, updatedAt: new Date() }).where(eq(jobs.id, id));
}

/** Counts one item, done or failed, in its own statement so progress shows while the job runs. */
export async function recordJobItem(db: Database, id: string, outcome: { resultId: string } | { failure: JobFailure }) {
  await db
    .update(jobs)
    .set(
      'resultId' in outcome
        ? {
            done: sql`${jobs.done} + 1`,
            resultIds: sql`${jobs.resultIds} || ${JSON.stringify([outcome.resultId])}::jsonb`,
            updatedAt: new Date(),
          }
        : {
            failed: sql`${jobs.failed} + 1`,
            failures: sql`${jobs.failures} || ${JSON.stringify([outcome.failure])}::jsonb`,
            updatedAt: new Date(),
          },
    )
    .where(eq(jobs.id, id));
}

export async function finishJob(db: Database, id: string, status: 'completed' | 'failed') {
  await db.update(jobs).set({ status, updatedAt: new Date() }).where(eq(jobs.id, id));
}
