import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../connect';
import { cohorts } from '../schema/cohorts';
import { organisations } from '../schema/organisations';
import { modules, programmeVersions } from '../schema/programmes';
import {
  reportCohortCertificates,
  reportCohortFigures,
  reportCohortModuleProgress,
  reportSessionAttendance,
} from '../schema/reports';
import { sessions } from '../schema/sessions';
import { pathInScope, type Scope } from './scope';

/** The filters every report takes. */
export interface ReportFilter {
  from?: string | undefined;
  to?: string | undefined;
  phase?: 'pilot' | 'rollout' | undefined;
  poiId?: string | undefined;
  libraryId?: string | undefined;
  programmeVersionId?: string | undefined;
}

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

export type ProgressGrouping = 'library' | 'poi' | 'module' | 'phase' | 'programmeVersion';

const sumInt = (value: SQL) => sql<number>`coalesce(sum(${value}), 0)::int`;
const progressTotal = sql`${reportCohortModuleProgress.notStarted} + ${reportCohortModuleProgress.inProgress} + ${reportCohortModuleProgress.completed}`;

/**
 * Module progress counted per group: how many enrolments (not withdrawn), and how far their chosen
 * modules are. Read from the report read model (schema/reports.ts), summed over the cohorts in scope.
 */
export async function progressReport(db: Database, scope: Scope, groupBy: ProgressGrouping, filter: ReportFilter) {
  const r = reportCohortModuleProgress;
  if (groupBy === 'module') {
    // One progress row per enrolment and module: the rows of a module are its enrolments.
    return db
      .select({
        key: sql<string>`${modules.code}`,
        label: sql<string>`${modules.title}`,
        enrolments: sumInt(progressTotal),
        progressRecords: sumInt(progressTotal),
        notStarted: sumInt(sql`${r.notStarted}`),
        inProgress: sumInt(sql`${r.inProgress}`),
        completed: sumInt(sql`${r.completed}`),
      })
      .from(r)
      .innerJoin(cohorts, eq(cohorts.id, r.cohortId))
      .innerJoin(library, eq(library.id, cohorts.organisationId))
      .leftJoin(poi, eq(poi.id, library.parentId))
      .innerJoin(modules, eq(modules.id, r.moduleId))
      .where(cohortConditions(scope, filter))
      .groupBy(modules.code, modules.title)
      .having(sql`sum(${progressTotal}) > 0`)
      .orderBy(modules.title);
  }
  const groups: Record<Exclude<ProgressGrouping, 'module'>, { key: SQL; label: SQL }> = {
    library: { key: sql`${library.id}::text`, label: sql`${library.name}` },
    poi: { key: sql`coalesce(${poi.id}::text, '')`, label: sql`coalesce(${poi.name}, '')` },
    phase: { key: sql`${cohorts.phase}`, label: sql`${cohorts.phase}` },
    programmeVersion: { key: sql`${programmeVersions.id}::text`, label: sql`'versie ' || ${programmeVersions.number}` },
  };
  const group = groups[groupBy];
  const perCohort = db
    .select({
      notStarted: sql<number>`sum(${r.notStarted})`.as('cohort_not_started'),
      inProgress: sql<number>`sum(${r.inProgress})`.as('cohort_in_progress'),
      completed: sql<number>`sum(${r.completed})`.as('cohort_completed'),
    })
    .from(r)
    .where(eq(r.cohortId, cohorts.id))
    .as('per_cohort');
  return db
    .select({
      key: sql<string>`${group.key}`,
      label: sql<string>`${group.label}`,
      enrolments: sumInt(sql`${reportCohortFigures.progressEnrolments}`),
      progressRecords: sumInt(sql`${perCohort.notStarted} + ${perCohort.inProgress} + ${perCohort.completed}`),
      notStarted: sumInt(sql`${perCohort.notStarted}`),
      inProgress: sumInt(sql`${perCohort.inProgress}`),
      completed: sumInt(sql`${perCohort.completed}`),
    })
    .from(cohorts)
    .innerJoin(library, eq(library.id, cohorts.organisationId))
    .leftJoin(poi, eq(poi.id, library.parentId))
    .innerJoin(programmeVersions, eq(programmeVersions.id, cohorts.programmeVersionId))
    .innerJoin(reportCohortFigures, eq(reportCohortFigures.cohortId, cohorts.id))
    .innerJoinLateral(perCohort, sql`true`)
    .where(cohortConditions(scope, filter))
    .groupBy(group.key, group.label)
    .having(sql`sum(${perCohort.notStarted} + ${perCohort.inProgress} + ${perCohort.completed}) > 0`)
    .orderBy(group.label);
}

/** Per cohort: where each library stands in the rollout. */
export async function rolloutReport(db: Database, scope: Scope, filter: ReportFilter) {
  const f = reportCohortFigures;
  const figure = (column: SQL) => sql<number>`coalesce(${column}, 0)::int`;
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
      enrolled: figure(sql`${f.invited} + ${f.active} + ${f.completed} + ${f.withdrawn}`),
      active: figure(sql`${f.active}`),
      completed: figure(sql`${f.completed}`),
      withdrawn: figure(sql`${f.withdrawn}`),
      certificates: sql<number>`(select coalesce(sum(rc.issued - rc.revoked), 0)::int from ${reportCohortCertificates} rc where rc.cohort_id = ${cohorts.id})`,
    })
    .from(cohorts)
    .innerJoin(library, eq(library.id, cohorts.organisationId))
    .leftJoin(poi, eq(poi.id, library.parentId))
    .leftJoin(f, eq(f.cohortId, cohorts.id))
    .where(cohortConditions(scope, filter))
    .orderBy(library.name, cohorts.startsOn);
}

/** Attendance per cohort and kind of meeting, over the meetings that were not cancelled. */
export async function attendanceReport(db: Database, scope: Scope, filter: ReportFilter) {
  const a = reportSessionAttendance;
  return db
    .select({
      cohortId: cohorts.id,
      cohortName: cohorts.name,
      libraryName: library.name,
      sessionType: sessions.type,
      sessions: sql<number>`count(*)::int`,
      // Held as the meeting lists say it (queries/sessions.ts, tookPlace): attendance recorded or its end passed.
      held: sql<number>`(count(*) filter (where ${sessions.endsAt} <= now() or coalesce(${a.present} + ${a.absent} + ${a.excused}, 0) > 0))::int`,
      present: sumInt(sql`${a.present}`),
      absent: sumInt(sql`${a.absent}`),
      excused: sumInt(sql`${a.excused}`),
    })
    .from(sessions)
    .innerJoin(cohorts, eq(cohorts.id, sessions.cohortId))
    .innerJoin(library, eq(library.id, cohorts.organisationId))
    .leftJoin(poi, eq(poi.id, library.parentId))
    .leftJoin(a, eq(a.sessionId, sessions.id))
    .where(and(cohortConditions(scope, filter), eq(sessions.status, 'scheduled')))
    .groupBy(cohorts.id, cohorts.name, library.name, sessions.type)
    .orderBy(library.name, cohorts.name, sessions.type);
}

/** Certificates issued per month (UTC), and how many of those were revoked since. */
export async function certificatesReport(db: Database, scope: Scope, filter: ReportFilter) {
  const c = reportCohortCertificates;
  const month = sql<string>`to_char(${c.issuedOn}, 'YYYY-MM')`;
  return db
    .select({ month, issued: sumInt(sql`${c.issued}`), revoked: sumInt(sql`${c.revoked}`) })
    .from(c)
    .innerJoin(cohorts, eq(cohorts.id, c.cohortId))
    .innerJoin(library, eq(library.id, cohorts.organisationId))
    .leftJoin(poi, eq(poi.id, library.parentId))
    .where(
      and(
        cohortConditions(scope, { ...filter, from: undefined, to: undefined }),
        filter.from ? gte(c.issuedOn, filter.from) : undefined,
        filter.to ? lte(c.issuedOn, filter.to) : undefined,
      ),
    )
    .groupBy(month)
    .having(sql`sum(${c.issued}) > 0`)
    .orderBy(month);
}
