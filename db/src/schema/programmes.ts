import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { cmi5AssignableUnits } from './cmi5';
import { createdAt, id, oneOf, timestamps } from './columns';

export const programmes = pgTable('programmes', {
  id: id(),
  code: text().notNull().unique(),
  name: text().notNull(),
  description: text().notNull(),
  ...timestamps(),
});

export const programmeVersionStatuses = ['draft', 'published', 'retired'] as const;
export type ProgrammeVersionStatus = (typeof programmeVersionStatuses)[number];

/** The rule that decides whether an enrolment has earned its certificate. */
export interface CompletionRule {
  requireAllChosenModules: boolean;
  requiredSessionTypes: Array<'kickoff' | 'team_meeting'>;
  excusedAbsenceWaivable: boolean;
}

export interface MeetingPlanItem {
  type: 'kickoff' | 'team_meeting';
  sequence: number;
  title: string;
  weekOffset: number;
  durationMinutes: number;
  agenda: string[];
}

export interface EvaluationQuestion {
  code: string;
  subject: 'module' | 'session' | 'cohort';
  text: string;
}

export const programmeVersions = pgTable(
  'programme_versions',
  {
    id: id(),
    programmeId: uuid()
      .notNull()
      .references(() => programmes.id, { onDelete: 'restrict' }),
    number: integer().notNull(),
    status: text().$type<ProgrammeVersionStatus>().notNull().default('draft'),
    /** Hash of the content files it was synced from: same content, same version. */
    contentHash: text().notNull(),
    summary: text().notNull(),
    completionRule: jsonb().$type<CompletionRule>().notNull(),
    meetingPlan: jsonb().$type<MeetingPlanItem[]>().notNull(),
    evaluationQuestions: jsonb().$type<EvaluationQuestion[]>().notNull(),
    publishedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    ...timestamps(),
  },
  (t) => [
    unique('programme_versions_number_unique').on(t.programmeId, t.number),
    unique('programme_versions_content_unique').on(t.programmeId, t.contentHash),
    oneOf('programme_versions_status_check', t.status, programmeVersionStatuses),
    check('programme_versions_published_check', sql`${t.status} = 'draft' or ${t.publishedAt} is not null`),
    check('programme_versions_number_check', sql`${t.number} > 0`),
  ],
);

export const themes = pgTable(
  'themes',
  {
    id: id(),
    programmeVersionId: uuid()
      .notNull()
      .references(() => programmeVersions.id, { onDelete: 'cascade' }),
    code: text().notNull(),
    title: text().notNull(),
    description: text().notNull(),
    position: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('themes_code_unique').on(t.programmeVersionId, t.code),
    unique('themes_position_unique').on(t.programmeVersionId, t.position),
  ],
);

export const modules = pgTable(
  'modules',
  {
    id: id(),
    programmeVersionId: uuid()
      .notNull()
      .references(() => programmeVersions.id, { onDelete: 'cascade' }),
    themeId: uuid()
      .notNull()
      .references(() => themes.id, { onDelete: 'cascade' }),
    code: text().notNull(),
    title: text().notNull(),
    summary: text().notNull(),
    position: integer().notNull(),
    estimatedMinutes: integer().notNull(),
    learningGoals: jsonb().$type<string[]>().notNull(),
    bodyMarkdown: text().notNull(),
    bodyHtml: text().notNull(),
    activityIri: text().notNull(),
    /** Where a participant starts the module's e-learning, when it is online; null when not (yet). */
    launchUrl: text(),
    /**
     * An imported course's unit that is this module's e-learning, linked by KB staff; it comes before
     * launchUrl. Its URL as launched (resolved against the public URL when linked), so lists need no lookup.
     */
    assignableUnitId: uuid().references(() => cmi5AssignableUnits.id, { onDelete: 'restrict' }),
    assignableUnitUrl: text(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('modules_code_unique').on(t.programmeVersionId, t.code),
    unique('modules_position_unique').on(t.programmeVersionId, t.position),
    index('modules_activity_iri_idx').on(t.activityIri),
    check('modules_estimated_minutes_check', sql`${t.estimatedMinutes} > 0`),
    check('modules_assignable_unit_check', sql`(${t.assignableUnitId} is null) = (${t.assignableUnitUrl} is null)`),
  ],
);
