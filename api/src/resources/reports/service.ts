import { type Database, summariseEvaluations } from '@loket/db';
import type { Caller } from '../../lib/caller';
import type { EvaluationReportQuery } from './schema';

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
    })),
  };
}
