import {
  attendance,
  certificates,
  cohorts,
  type Database,
  enrolments,
  moduleProgress,
  modules,
  organisations,
  pathInScope,
  programmeVersions,
  type ReportFilter,
  type Scope,
  sessions,
  tookPlace,
} from '@loket/db';
import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';

/*
 * The report figures computed from scratch over the source tables (the queries the reports ran
 * before the read model): what the read model must always equal.
 */
const library = alias(organisations, 'library');
const poi = alias(organisations, 'poi');

/** Cohorts in scope that match the filters; the date range is on the cohort's start date. */
function cohortConditions(scope: Scope, f: ReportFilter): SQL | undefined {
  return and(
    pathInScope(scope, library.path),
    f.from ? gte(cohorts.startsOn, f.from) : undefined,
    f.to ? lte(cohorts.startsOn, f.to) : undefined,
    f.phase ? eq(cohorts.phase, f.phase) : undefined,
    f.poiId ? eq(poi.id, f.poiId) : undefined,
    f.libraryId ? eq(library.id, f.libraryId) : undefined,
    f.programmeVersionId ? eq(cohorts.programmeVersionId, f.programmeVersionId) : undefined,
  );
}

/** Module progress counted per group: how many enrolments, and how far their chosen modules are. */
export async function progressReport(
  db: Database,
  scope: Scope,
  groupBy: 'library' | 'poi' | 'module' | 'phase' | 'programmeVersion',
  filter: ReportFilter,
) {
  const groups: Record<typeof groupBy, { key: SQL; label: SQL }> = {
    library: { key: sql`${library.id}::text`, label: sql`${library.name}` },
    poi: { key: sql`coalesce(${poi.id}::text, '')`, label: sql`coalesce(${poi.name}, '')` },
    module: { key: sql`${modules.code}`, label: sql`${modules.title}` },
    phase: { key: sql`${cohorts.phase}`, label: sql`${cohorts.phase}` },
    programmeVersion: { key: sql`${programmeVersions.id}::text`, label: sql`'versie ' || ${programmeVersions.number}` },
  };
  const group = groups[groupBy];
  const status = (value: string) => sql<number>`count(*) filter (where ${moduleProgress.status} = ${value})::int`;
  return db
    .select({
      key: sql<string>`${group.key}`,
      label: sql<string>`${group.label}`,
      enrolments: sql<number>`count(distinct ${enrolments.id})::int`,
      progressRecords: sql<number>`count(*)::int`,
      notStarted: status('not_started'),
      inProgress: status('in_progress'),
      completed: status('completed'),
    })
    .from(moduleProgress)
    .innerJoin(enrolments, eq(enrolments.id, moduleProgress.enrolmentId))
    .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .innerJoin(library, eq(library.id, cohorts.organisationId))
    .leftJoin(poi, eq(poi.id, library.parentId))
    .innerJoin(modules, eq(modules.id, moduleProgress.moduleId))
    .innerJoin(programmeVersions, eq(programmeVersions.id, cohorts.programmeVersionId))
    .where(and(cohortConditions(scope, filter), sql`${enrolments.status} <> 'withdrawn'`))
    .groupBy(group.key, group.label)
    .orderBy(group.label);
}

/** Per cohort: where each library stands in the rollout. */
export async function rolloutReport(db: Database, scope: Scope, filter: ReportFilter) {
  const count = (condition: SQL) =>
    sql<number>`(select count(*)::int from ${enrolments} e where e.cohort_id = ${cohorts.id} and ${condition})`;
  return db
    .select({
      libraryId: library.id,
      libraryName: library.name,
      poiName: sql<string>`coalesce(${poi.name}, '')`,
      cohortId: cohorts.id,
      cohortName: cohorts.name,
      phase: cohorts.phase,
      status: cohorts.status,
      startsOn: cohorts.startsOn,
      endsOn: cohorts.endsOn,
      enrolled: count(sql`true`),
      active: count(sql`e.status = 'active'`),
      completed: count(sql`e.status = 'completed'`),
      withdrawn: count(sql`e.status = 'withdrawn'`),
      certificates: sql<number>`(select count(*)::int from ${certificates} ce join ${enrolments} e on e.id = ce.enrolment_id where e.cohort_id = ${cohorts.id} and ce.revoked_at is null)`,
    })
    .from(cohorts)
    .innerJoin(library, eq(library.id, cohorts.organisationId))
    .leftJoin(poi, eq(poi.id, library.parentId))
    .where(cohortConditions(scope, filter))
    .orderBy(library.name, cohorts.startsOn);
}

/** Attendance per cohort and kind of meeting, over the meetings that were not cancelled. */
export async function attendanceReport(db: Database, scope: Scope, filter: ReportFilter) {
  const status = (value: string) =>
    sql<number>`count(${attendance.enrolmentId}) filter (where ${attendance.status} = ${value})::int`;
  return db
    .select({
      cohortId: cohorts.id,
      cohortName: cohorts.name,
      libraryName: library.name,
      sessionType: sessions.type,
      sessions: sql<number>`count(distinct ${sessions.id})::int`,
      held: sql<number>`count(distinct ${sessions.id}) filter (where ${tookPlace})::int`,
      present: status('present'),
      absent: status('absent'),
      excused: status('excused'),
    })
    .from(sessions)
    .innerJoin(cohorts, eq(cohorts.id, sessions.cohortId))
    .innerJoin(library, eq(library.id, cohorts.organisationId))
    .leftJoin(poi, eq(poi.id, library.parentId))
    .leftJoin(attendance, eq(attendance.sessionId, sessions.id))
    .where(and(cohortConditions(scope, filter), eq(sessions.status, 'scheduled')))
    .groupBy(cohorts.id, cohorts.name, library.name, sessions.type)
    .orderBy(library.name, cohorts.name, sessions.type);
}

/** Certificates issued per month, and how many of those were revoked since. */
export async function certificatesReport(db: Database, scope: Scope, filter: ReportFilter) {
  const month = sql<string>`to_char(${certificates.issuedAt} at time zone 'UTC', 'YYYY-MM')`;
  return db
    .select({
      month,
      issued: sql<number>`count(*)::int`,
      revoked: sql<number>`count(*) filter (where ${certificates.revokedAt} is not null)::int`,
    })
    .from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .innerJoin(library, eq(library.id, cohorts.organisationId))
    .leftJoin(poi, eq(poi.id, library.parentId))
    .where(
      and(
        cohortConditions(scope, { ...filter, from: undefined, to: undefined }),
        filter.from ? sql`${certificates.issuedAt} >= ${filter.from}::date` : undefined,
        filter.to ? sql`${certificates.issuedAt} < (${filter.to}::date + 1)` : undefined,
      ),
    )
    .groupBy(month)
    .orderBy(month);
}
