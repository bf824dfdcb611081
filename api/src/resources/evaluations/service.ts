import {
  type Database,
  type EvaluationRow,
  evaluationQuestionsOfCohorts,
  evaluationsOfEnrolments,
  findCohort,
  findEnrolment,
  findEvaluation,
  findEvaluationOfSubject,
  findProgrammeVersion,
  insertEvaluation,
  listAllEnrolments,
  listEvaluations,
  modulesOfCohorts,
  readSyncWatermark,
  sessionsOfCohorts,
  updateEvaluation,
} from '@loket/db';
import type { Caller } from '../../lib/caller';
import { conflict, DomainError, invalid, notFound } from '../../lib/errors';
import { assertIfMatch, listAnswer, pageParams, versioned } from '../../lib/http';
import { audit, type WriteContext } from '../../lib/write';
import { pictures } from '../enrolments/picture';
import type { Evaluation, EvaluationCreate, EvaluationForm, EvaluationPatch, EvaluationQuery } from './schema';

function toEvaluation(row: EvaluationRow): Evaluation {
  return {
    id: row.id,
    enrolmentId: row.enrolmentId,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    rating: row.rating,
    answers: row.answers,
    comment: row.comment,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export async function list(db: Database, caller: Caller, query: EvaluationQuery) {
  // Read before the rows: whatever this read cannot see yet is stamped after it.
  const syncWatermark = (await readSyncWatermark(db)).toISOString();
  const page = await listEvaluations(db, {
    scope: caller.scope,
    filter: {
      cohortId: query.cohortId,
      enrolmentId: query.enrolmentId,
      subjectType: query.subjectType,
      subjectId: query.subjectId,
      updatedSince: query.updatedSince ? new Date(query.updatedSince) : undefined,
    },
    page: pageParams(query),
  });
  return listAnswer(page, query.limit, page.rows.map(toEvaluation), { syncWatermark });
}

export async function get(db: Database, caller: Caller, id: string) {
  const row = await findEvaluation(db, caller.scope, id);
  if (!row) throw notFound('The evaluation');
  return toEvaluation(row);
}

/**
 * A participant's evaluation forms, one per enrolment: each chosen module, each meeting that was not
 * cancelled and the cohort as a whole, with the questions to answer, what they answered so far, and
 * whether it is asked for now. Empty for anyone who is not a participant.
 */
export async function forms(db: Database, caller: Caller): Promise<{ data: EvaluationForm[] }> {
  if (!caller.participantId) return { data: [] };
  const views = await listAllEnrolments(db, {
    scope: { kind: 'self', participantId: caller.participantId },
    filter: {},
    newestFirst: true,
  });
  const details = await pictures(db, views);
  const questionSets = await evaluationQuestionsOfCohorts(
    db,
    views.map((v) => v.cohortId),
  );
  const given = await evaluationsOfEnrolments(
    db,
    views.map((v) => v.id),
  );
  const data = details.map((detail, index): EvaluationForm => {
    const cohortStatus = views[index]?.cohortStatus;
    const questions = questionSets.find((q) => q.cohortId === detail.cohortId)?.questions ?? [];
    const item = (
      subjectType: 'module' | 'session' | 'cohort',
      subjectId: string,
      title: string,
      date: string | null,
      due: boolean,
    ) => {
      const evaluation = given.find(
        (e) => e.enrolmentId === detail.id && e.subjectType === subjectType && e.subjectId === subjectId,
      );
      return {
        subjectType,
        subjectId,
        title,
        date,
        due,
        questions: questions.filter((q) => q.subject === subjectType).map(({ code, text }) => ({ code, text })),
        evaluation: evaluation ? toEvaluation(evaluation) : null,
      };
    };
    return {
      enrolmentId: detail.id,
      cohortId: detail.cohortId,
      cohortName: detail.cohortName,
      open: cohortStatus !== 'closed',
      items: [
        ...detail.progress.map((p) => item('module', p.moduleId, p.title, p.completedAt, p.status === 'completed')),
        ...detail.attendance
          .filter((a) => !a.cancelled)
          .map((a) => item('session', a.sessionId, a.title, a.startsAt, a.status === 'present')),
        item(
          'cohort',
          detail.cohortId,
          detail.cohortName,
          null,
          detail.status === 'completed' || cohortStatus === 'evaluating' || cohortStatus === 'closed',
        ),
      ],
    };
  });
  return { data };
}

/** An evaluation is the participant's own, about a subject of their cohort, while the cohort is open. */
async function openEnrolment(ctx: WriteContext, enrolmentId: string) {
  const enrolment = await findEnrolment(ctx.db, ctx.caller.scope, enrolmentId);
  if (!enrolment) throw invalid('/enrolmentId', 'The enrolment does not exist.', 'enrolment-unknown');
  if (ctx.caller.role !== 'participant' || ctx.caller.participantId !== enrolment.participantId) {
    throw new DomainError(403, 'forbidden', 'Forbidden', 'Participants evaluate for themselves.');
  }
  if (enrolment.cohortStatus === 'closed')
    throw conflict('The cohort is closed; evaluations can no longer change.', 'cohort-closed');
  return enrolment;
}

async function assertAnswers(
  db: Database,
  cohortId: string,
  subjectType: string,
  answers: Record<string, number> | undefined,
) {
  if (!answers) return;
  const cohort = await findCohort(db, { kind: 'all' }, cohortId);
  const version = cohort ? await findProgrammeVersion(db, cohort.programmeVersionId) : undefined;
  const known = new Set(
    (version?.evaluationQuestions ?? []).filter((q) => q.subject === subjectType).map((q) => q.code),
  );
  const unknown = Object.keys(answers).filter((code) => !known.has(code));
  if (unknown.length > 0) {
    throw invalid(
      `/answers/${unknown[0]}`,
      `Not a question about a ${subjectType}: ${unknown.join(', ')}.`,
      'question-unknown',
      { subjectType, questions: unknown },
    );
  }
}

export async function create(ctx: WriteContext, input: EvaluationCreate): Promise<Evaluation> {
  const enrolment = await openEnrolment(ctx, input.enrolmentId);
  const cohortId = enrolment.cohortId;
  if (input.subjectType === 'module') {
    const chosen = await modulesOfCohorts(ctx.db, [cohortId]);
    if (!chosen.some((m) => m.id === input.subjectId))
      throw invalid('/subjectId', 'The cohort did not choose this module.', 'module-not-chosen');
  } else if (input.subjectType === 'session') {
    const meetings = await sessionsOfCohorts(ctx.db, [cohortId]);
    if (!meetings.some((s) => s.id === input.subjectId))
      throw invalid('/subjectId', 'This is not a meeting of the cohort.', 'meeting-other-cohort');
  } else if (input.subjectId !== cohortId) {
    throw invalid('/subjectId', 'This is not the participant\u2019s cohort.', 'cohort-not-own');
  }
  await assertAnswers(ctx.db, cohortId, input.subjectType, input.answers);
  const existing = await findEvaluationOfSubject(ctx.db, input.enrolmentId, input.subjectType, input.subjectId);
  if (existing)
    throw conflict(`This was evaluated already; change evaluation ${existing.id} instead.`, 'already-evaluated');
  const row = await insertEvaluation(ctx.db, {
    enrolmentId: input.enrolmentId,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    rating: input.rating,
    answers: input.answers ?? {},
    comment: input.comment ?? null,
  });
  const created = toEvaluation(row);
  await audit(ctx, {
    action: 'evaluation.created',
    resourceType: 'evaluation',
    resourceId: row.id,
    organisationPath: enrolment.organisationPath,
    after: created,
  });
  return created;
}

export async function update(
  ctx: WriteContext,
  id: string,
  patch: EvaluationPatch,
  ifMatch: string | undefined,
): Promise<Evaluation> {
  const current = await findEvaluation(ctx.db, ctx.caller.scope, id, true);
  if (!current) throw notFound('The evaluation');
  assertIfMatch(ifMatch, current.version);
  const enrolment = await openEnrolment(ctx, current.enrolmentId);
  await assertAnswers(ctx.db, enrolment.cohortId, current.subjectType, patch.answers);
  const row = await versioned(updateEvaluation(ctx.db, current, patch));
  const updated = toEvaluation(row);
  await audit(ctx, {
    action: 'evaluation.updated',
    resourceType: 'evaluation',
    resourceId: id,
    organisationPath: enrolment.organisationPath,
    before: toEvaluation(current),
    after: updated,
  });
  return updated;
}
