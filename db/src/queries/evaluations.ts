import { and, avg, count, eq, gte, inArray, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { cohorts } from '../schema/cohorts';
import { enrolments } from '../schema/enrolments';
import { type EvaluationSubject, evaluations } from '../schema/evaluations';
import { organisations } from '../schema/organisations';
import { type EvaluationQuestion, programmeVersions } from '../schema/programmes';
import { type Page, type PageParams, planPage } from './pagination';
import { enrolmentInScope, type Scope } from './scope';
import { atVersion, nextVersion } from './versioned';

export type EvaluationRow = typeof evaluations.$inferSelect;

const inScope = (scope: Scope) =>
  sql`${evaluations.enrolmentId} in (select ${enrolments.id} from ${enrolments} where ${enrolmentInScope(scope, enrolments.participantId, enrolments.cohortId) ?? sql`true`})`;

export interface EvaluationFilter {
  cohortId?: string | undefined;
  enrolmentId?: string | undefined;
  subjectType?: EvaluationSubject | undefined;
  subjectId?: string | undefined;
  /** Changed at or after this moment: for incremental sync. */
  updatedSince?: Date | undefined;
}

export const evaluationSortable = {
  createdAt: evaluations.createdAt,
  updatedAt: evaluations.updatedAt,
  rating: evaluations.rating,
};

export async function listEvaluations(
  db: Database,
  params: { scope: Scope; filter: EvaluationFilter; page: PageParams },
): Promise<Page<EvaluationRow>> {
  const f = params.filter;
  const where: SQL | undefined = and(
    inScope(params.scope),
    f.updatedSince ? gte(evaluations.updatedAt, f.updatedSince) : undefined,
    f.cohortId
      ? sql`${evaluations.enrolmentId} in (select id from enrolments where cohort_id = ${f.cohortId})`
      : undefined,
    f.enrolmentId ? eq(evaluations.enrolmentId, f.enrolmentId) : undefined,
    f.subjectType ? eq(evaluations.subjectType, f.subjectType) : undefined,
    f.subjectId ? eq(evaluations.subjectId, f.subjectId) : undefined,
  );
  const plan = planPage(params.page, evaluationSortable, evaluations.id);
  const rows = await db
    .select()
    .from(evaluations)
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  const [total] = await db.select({ n: count() }).from(evaluations).where(where);
  return { ...plan.finish(rows), total: total?.n ?? 0 };
}

/** All evaluations of some enrolments: a participant's own, for their forms. */
export async function evaluationsOfEnrolments(db: Database, enrolmentIds: string[]): Promise<EvaluationRow[]> {
  if (enrolmentIds.length === 0) return [];
  return db.select().from(evaluations).where(inArray(evaluations.enrolmentId, enrolmentIds));
}

/** The question set of each cohort's programme version. */
export async function evaluationQuestionsOfCohorts(
  db: Database,
  cohortIds: string[],
): Promise<Array<{ cohortId: string; questions: EvaluationQuestion[] }>> {
  if (cohortIds.length === 0) return [];
  return db
    .select({ cohortId: cohorts.id, questions: programmeVersions.evaluationQuestions })
    .from(cohorts)
    .innerJoin(programmeVersions, eq(programmeVersions.id, cohorts.programmeVersionId))
    .where(inArray(cohorts.id, cohortIds));
}

export async function findEvaluation(db: Database, scope: Scope, id: string, lock = false) {
  const query = db
    .select()
    .from(evaluations)
    .where(and(eq(evaluations.id, id), inScope(scope)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function findEvaluationOfSubject(
  db: Database,
  enrolmentId: string,
  subjectType: EvaluationSubject,
  subjectId: string,
) {
  const [row] = await db
    .select()
    .from(evaluations)
    .where(
      and(
        eq(evaluations.enrolmentId, enrolmentId),
        eq(evaluations.subjectType, subjectType),
        eq(evaluations.subjectId, subjectId),
      ),
    );
  return row;
}

export async function insertEvaluation(
  db: Database,
  values: Omit<typeof evaluations.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'version'>,
) {
  const [row] = await db.insert(evaluations).values(values).returning();
  if (!row) throw new Error('evaluation insert returned nothing');
  return row;
}

export async function updateEvaluation(
  db: Database,
  current: EvaluationRow,
  changes: Partial<Pick<EvaluationRow, 'rating' | 'answers' | 'comment'>>,
) {
  const [row] = await db
    .update(evaluations)
    .set({ ...changes, version: nextVersion(evaluations) })
    .where(atVersion(evaluations, current))
    .returning();
  return row;
}

export type EvaluationGrouping = 'cohort' | 'library' | 'phase' | 'programmeVersion';

export interface EvaluationSummaryRow {
  groupKey: string;
  groupLabel: string;
  subjectType: EvaluationSubject;
  responses: number;
  averageRating: number;
  r1: number;
  r2: number;
  r3: number;
  r4: number;
  r5: number;
  questions: Array<{ code: string; text: string; responses: number; averageRating: number }>;
}

const roundRating = (value: unknown) => Math.round(Number(value ?? 0) * 100) / 100;

/** Every question any programme version asks, once per code (the newest wording wins). */
async function questionSet(db: Database): Promise<EvaluationQuestion[]> {
  const versions = await db
    .select({ questions: programmeVersions.evaluationQuestions })
    .from(programmeVersions)
    .orderBy(programmeVersions.number);
  return [...new Map(versions.flatMap((v) => v.questions).map((q) => [q.code, q])).values()];
}

/** Ratings summarised per group and subject type, computed in SQL within the caller's scope. */
export async function summariseEvaluations(
  db: Database,
  params: {
    scope: Scope;
    groupBy: EvaluationGrouping;
    subjectType?: EvaluationSubject | undefined;
    phase?: string | undefined;
    cohortId?: string | undefined;
  },
): Promise<EvaluationSummaryRow[]> {
  const key: Record<EvaluationGrouping, { key: SQL; label: SQL }> = {
    cohort: { key: sql`${cohorts.id}::text`, label: sql`${cohorts.name}` },
    library: { key: sql`${organisations.id}::text`, label: sql`${organisations.name}` },
    phase: { key: sql`${cohorts.phase}`, label: sql`${cohorts.phase}` },
    programmeVersion: { key: sql`${programmeVersions.id}::text`, label: sql`'versie ' || ${programmeVersions.number}` },
  };
  const group = key[params.groupBy];
  const bucket = (n: number) => sql<number>`count(*) filter (where ${evaluations.rating} = ${n})::int`;
  const questions = await questionSet(db);
  // Per question of the set: how many answered it and their mean, side by side with the overall rating.
  const answered = Object.fromEntries(
    questions.map((q, i) => [`answered${i}`, sql<number>`count(${evaluations.answers} -> ${q.code})::int`]),
  );
  const means = Object.fromEntries(
    questions.map((q, i) => [`mean${i}`, sql<string | null>`avg((${evaluations.answers} ->> ${q.code})::numeric)`]),
  );
  const rows = await db
    .select({
      groupKey: sql<string>`${group.key}`,
      groupLabel: sql<string>`${group.label}`,
      subjectType: evaluations.subjectType,
      responses: count(),
      averageRating: avg(evaluations.rating),
      r1: bucket(1),
      r2: bucket(2),
      r3: bucket(3),
      r4: bucket(4),
      r5: bucket(5),
      ...answered,
      ...means,
    })
    .from(evaluations)
    .innerJoin(enrolments, eq(enrolments.id, evaluations.enrolmentId))
    .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .innerJoin(organisations, eq(organisations.id, cohorts.organisationId))
    .innerJoin(programmeVersions, eq(programmeVersions.id, cohorts.programmeVersionId))
    .where(
      and(
        inScope(params.scope),
        params.subjectType ? eq(evaluations.subjectType, params.subjectType) : undefined,
        params.phase ? sql`${cohorts.phase} = ${params.phase}` : undefined,
        params.cohortId ? eq(cohorts.id, params.cohortId) : undefined,
      ),
    )
    .groupBy(group.key, group.label, evaluations.subjectType)
    .orderBy(group.label, evaluations.subjectType);
  return rows.map((row) => {
    const r = row as typeof row & Record<string, unknown>;
    return {
      groupKey: r.groupKey,
      groupLabel: r.groupLabel,
      subjectType: r.subjectType,
      responses: r.responses,
      averageRating: roundRating(r.averageRating),
      r1: r.r1,
      r2: r.r2,
      r3: r.r3,
      r4: r.r4,
      r5: r.r5,
      questions: questions.flatMap((q, i) => {
        const responses = Number(r[`answered${i}`] ?? 0);
        return q.subject === r.subjectType && responses > 0
          ? [{ code: q.code, text: q.text, responses, averageRating: roundRating(r[`mean${i}`]) }]
          : [];
      }),
    };
  });
}
