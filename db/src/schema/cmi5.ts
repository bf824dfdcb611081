import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, oneOf } from './columns';
import { enrolments } from './enrolments';
import { participants } from './participants';
import { modules } from './programmes';

export const cmi5LaunchModes = ['Normal', 'Browse', 'Review'] as const;
export type Cmi5LaunchMode = (typeof cmi5LaunchModes)[number];
export const cmi5MoveOns = ['Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable'] as const;
export type Cmi5MoveOn = (typeof cmi5MoveOns)[number];
export const cmi5LaunchMethods = ['AnyWindow', 'OwnWindow'] as const;
export type Cmi5LaunchMethod = (typeof cmi5LaunchMethods)[number];
export const cmi5PackageTypes = ['xml', 'zip'] as const;
export type Cmi5PackageType = (typeof cmi5PackageTypes)[number];
export const cmi5SessionStatuses = ['launched', 'terminated', 'abandoned'] as const;
export type Cmi5SessionStatus = (typeof cmi5SessionStatuses)[number];

/** A block or assignable unit's text in each language its course structure gave (`{ "nl-NL": "…" }`). */
export type LangStrings = Record<string, string>;

/** A node of an imported course structure, in document order: what the course's own page shows. */
export type Cmi5StructureNode =
  | { type: 'block'; publisherId: string; title: LangStrings; children: Cmi5StructureNode[] }
  | { type: 'au'; position: number };

/**
 * A cmi5 course package imported over the API (a `cmi5.xml`, or a zip with the assignable units'
 * files, which Loket then serves). Its publisher's ids stay as the package gave them; the
 * activity ids Loket uses in statements are its own (cmi5 8.1.5), made from the course's id.
 */
export const cmi5Courses = pgTable(
  'cmi5_courses',
  {
    id: id(),
    /** The course's id in its cmi5.xml. */
    publisherId: text().notNull(),
    title: jsonb().$type<LangStrings>().notNull(),
    description: jsonb().$type<LangStrings>().notNull(),
    structure: jsonb().$type<Cmi5StructureNode[]>().notNull(),
    packageType: text().$type<Cmi5PackageType>().notNull(),
    /** Who imported it: `user:<id>` or `client:<id>`. */
    importedBy: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [oneOf('cmi5_courses_package_type_check', t.packageType, cmi5PackageTypes)],
);

/** An assignable unit of an imported course, by its position in the course structure (0-based, document order). */
export const cmi5AssignableUnits = pgTable(
  'cmi5_assignable_units',
  {
    id: id(),
    courseId: uuid()
      .notNull()
      .references(() => cmi5Courses.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    publisherId: text().notNull(),
    title: jsonb().$type<LangStrings>().notNull(),
    description: jsonb().$type<LangStrings>().notNull(),
    /** As the package gave it: absolute, or relative to the package's files. */
    url: text().notNull(),
    moveOn: text().$type<Cmi5MoveOn>().notNull(),
    masteryScore: doublePrecision(),
    launchMethod: text().$type<Cmi5LaunchMethod>().notNull(),
    launchParameters: text(),
    entitlementKey: text(),
    activityType: text(),
    /** The publisher ids of the blocks it sits in, outermost first. */
    blocks: text().array().notNull(),
  },
  (t) => [
    unique('cmi5_assignable_units_position_key').on(t.courseId, t.position),
    oneOf('cmi5_assignable_units_move_on_check', t.moveOn, cmi5MoveOns),
    oneOf('cmi5_assignable_units_launch_method_check', t.launchMethod, cmi5LaunchMethods),
  ],
);

/** The files of a zip package, served to the learner's browser under the course. */
export const cmi5CourseFiles = pgTable(
  'cmi5_course_files',
  {
    courseId: uuid()
      .notNull()
      .references(() => cmi5Courses.id, { onDelete: 'cascade' }),
    /** The file's path inside the zip, without a leading slash. */
    path: text().notNull(),
    contentType: text().notNull(),
    content: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.path] })],
);

/**
 * A learner's registration for an imported course: any agent (a preview learner of KB staff, a
 * conformance suite's test agent), not only a participant, whose enrolment is their registration.
 */
export const cmi5Registrations = pgTable(
  'cmi5_registrations',
  {
    /** The registration UUID statements carry. */
    id: uuid().primaryKey(),
    courseId: uuid()
      .notNull()
      .references(() => cmi5Courses.id, { onDelete: 'cascade' }),
    actor: jsonb().$type<Record<string, unknown>>().notNull(),
    actorKey: text().notNull(),
    createdBy: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('cmi5_registrations_course_idx').on(t.courseId)],
);

/**
 * One launch of an assignable unit (a cmi5 session): a module's, for an enrolment (its registration
 * is the enrolment), or an imported course's, in a registration of its own.
 * The fetch URL can be used once; the auth token it hands out works until the session ends.
 * Only hashes of both secrets are kept.
 */
export const cmi5Sessions = pgTable(
  'cmi5_sessions',
  {
    id: id(),
    enrolmentId: uuid().references(() => enrolments.id, { onDelete: 'cascade' }),
    moduleId: uuid().references(() => modules.id, { onDelete: 'restrict' }),
    participantId: uuid().references(() => participants.id, { onDelete: 'cascade' }),
    registrationId: uuid().references(() => cmi5Registrations.id, { onDelete: 'cascade' }),
    assignableUnitId: uuid().references(() => cmi5AssignableUnits.id, { onDelete: 'cascade' }),
    launchMode: text().$type<Cmi5LaunchMode>().notNull(),
    status: text().$type<Cmi5SessionStatus>().notNull().default('launched'),
    fetchKeyHash: text().notNull().unique(),
    fetchedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    authTokenHash: text(),
    /** When the unit read the learner's preferences, which cmi5 asks of it before it sends initialized. */
    preferencesReadAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    /** Who launched it: `user:<id>` or `client:<id>`. */
    launchedBy: text().notNull(),
    endedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [
    index('cmi5_sessions_enrolment_idx').on(t.enrolmentId, t.moduleId),
    index('cmi5_sessions_participant_idx').on(t.participantId),
    index('cmi5_sessions_registration_idx').on(t.registrationId),
    oneOf('cmi5_sessions_launch_mode_check', t.launchMode, cmi5LaunchModes),
    oneOf('cmi5_sessions_status_check', t.status, cmi5SessionStatuses),
    check('cmi5_sessions_ended_check', sql`(${t.status} = 'launched') = (${t.endedAt} is null)`),
    check(
      'cmi5_sessions_unit_check',
      sql`(${t.enrolmentId} is not null and ${t.moduleId} is not null and ${t.participantId} is not null and ${t.registrationId} is null and ${t.assignableUnitId} is null)
        or (${t.enrolmentId} is null and ${t.moduleId} is null and ${t.participantId} is null and ${t.registrationId} is not null and ${t.assignableUnitId} is not null)`,
    ),
  ],
);
