import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { id, oneOf, timestamps } from './columns';
import { enrolments } from './enrolments';

export const evaluationSubjects = ['module', 'session', 'cohort'] as const;
export type EvaluationSubject = (typeof evaluationSubjects)[number];

export const evaluations = pgTable(
  'evaluations',
  {
    id: id(),
    enrolmentId: uuid()
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    subjectType: text().$type<EvaluationSubject>().notNull(),
    /** The module, session or cohort evaluated. */
    subjectId: uuid().notNull(),
    rating: integer().notNull(),
    answers: jsonb().$type<Record<string, number>>().notNull().default({}),
    comment: text(),
    ...timestamps(),
  },
  (t) => [
    unique('evaluations_subject_unique').on(t.enrolmentId, t.subjectType, t.subjectId),
    oneOf('evaluations_subject_check', t.subjectType, evaluationSubjects),
    check('evaluations_rating_check', sql`${t.rating} between 1 and 5`),
    index('evaluations_subject_idx').on(t.subjectType, t.subjectId),
  ],
);
