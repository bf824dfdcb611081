import {
  attendanceReport,
  certificatesReport,
  type Database,
  progressReport,
  type ReportFilter,
  rolloutReport,
  summariseEvaluations,
} from '@loket/db';
import type { Caller } from '../../lib/caller';
import type { EvaluationReportQuery, ProgressReportQuery, ReportQuery } from './schema';

export async function evaluationReport(db: Database, caller: Caller, query: EvaluationReportQuery) {
  const rows = await summariseEvaluations(db, {
    scope: caller.scope,
    groupBy: query.groupBy,
    subjectType: query.subjectType,
    phase: query.phase,
    cohortId: query.cohortId,
  });
  return {
    groupBy: query.groupBy,
    rows: rows.map((r) => ({
      group: { key: r.groupKey, label: r.groupLabel },
      subjectType: r.subjectType,
      responses: r.responses,
      averageRating: r.averageRating,
      distribution: { 1: r.r1, 2: r.r2, 3: r.r3, 4: r.r4, 5: r.r5 },
      questions: r.questions,
    })),
  };
}

const percentage = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

const filterOf = (query: ReportQuery): ReportFilter => ({
  from: query.from,
  to: query.to,
  phase: query.phase,
  poiId: query.poiId,
  libraryId: query.libraryId,
  programmeVersionId: query.programmeVersionId,
});

export async function progress(db: Database, caller: Caller, query: ProgressReportQuery) {
  const rows = await progressReport(db, caller.scope, query.groupBy, filterOf(query));
  return {
    groupBy: query.groupBy,
    rows: rows.map((r) => ({ ...r, completedPercentage: percentage(r.completed, r.progressRecords) })),
  };
}

export async function rollout(db: Database, caller: Caller, query: ReportQuery) {
  return { rows: await rolloutReport(db, caller.scope, filterOf(query)) };
}

export async function attendance(db: Database, caller: Caller, query: ReportQuery) {
  const rows = await attendanceReport(db, caller.scope, filterOf(query));
  return {
    rows: rows.map((r) => {
      const recorded = r.present + r.absent + r.excused;
      return { ...r, attendanceRate: recorded === 0 ? null : percentage(r.present, recorded) };
    }),
  };
}

export async function certificatesIssued(db: Database, caller: Caller, query: ReportQuery) {
  return { rows: await certificatesReport(db, caller.scope, filterOf(query)) };
}
