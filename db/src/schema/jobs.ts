import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, oneOf, timestamps } from './columns';

export const jobStatuses = ['queued', 'running', 'completed', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export interface JobFailure {
  item: string;
  reason: string;
  /** Why, machine-readable, as the refusal's problem says it; `missing` lists what is still missing. */
  code?: string;
  params?: Record<string, string | number | boolean | string[]>;
  missing?: Array<{ code?: string; params?: Record<string, string | number | boolean | string[]> }>;
  /** The record the item stands for (a certificate batch: the enrolment), so an erasure finds it. */
  itemId?: string;
}

/** A background task people follow: how far it is, and what failed and why (pg-boss runs it). */
export const jobs = pgTable(
  'jobs',
  {
    id: id(),
    type: text().notNull(),
    status: text().$type<JobStatus>().notNull().default('queued'),
    /** The organisation subtree the job belongs to, for scoped reading. */
    organisationPath: text().notNull(),
    createdByActorId: text(),
    input: jsonb().$type<Record<string, unknown>>().notNull(),
    total: integer().notNull().default(0),
    done: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    failures: jsonb().$type<JobFailure[]>().notNull().default([]),
    resultIds: jsonb().$type<string[]>().notNull().default([]),
    subjectId: uuid(),
    ...timestamps(),
  },
  (t) => [
    oneOf('jobs_status_check', t.status, jobStatuses),
    index('jobs_path_idx').on(t.organisationPath.op('text_pattern_ops')),
  ],
);
