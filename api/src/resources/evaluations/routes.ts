import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { withEtag } from '../../lib/http';
import { createSchema, IdParams, problemResponses, updateSchema } from '../../lib/schemas';
import { respondCreated, respondUpdated } from '../../lib/write';
import {
  Evaluation,
  EvaluationCreate,
  EvaluationFormList,
  EvaluationList,
  EvaluationPatch,
  EvaluationQuery,
} from './schema';
import * as service from './service';

const tags = ['Evaluations'];

export const evaluationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/evaluations',
    {
      config: { permission: 'evaluations:read' },
      schema: {
        tags,
        operationId: 'listEvaluations',
        summary: 'List evaluations',
        description: 'Coordinators and advisers read the evaluations of their scope; a participant their own.',
        querystring: EvaluationQuery,
        response: { 200: EvaluationList, ...problemResponses(400) },
      },
    },
    async (request) => service.list(app.db, request.caller, request.query),
  );

  app.get(
    '/v1/me/evaluation-forms',
    {
      config: { permission: 'self:read' },
      schema: {
        tags,
        operationId: 'listMyEvaluationForms',
        summary: 'My evaluation forms: what I can evaluate, the questions, and what I answered',
        description:
          'For a signed-in participant, per enrolment: each chosen module, each meeting and the whole cohort, with ' +
          'the programme\u2019s questions and the evaluation given so far. Answer with `POST /v1/evaluations`, change ' +
          'with `PATCH /v1/evaluations/{id}`, until the cohort closes. Empty for other accounts.',
        response: { 200: EvaluationFormList },
      },
    },
    async (request) => service.forms(app.db, request.caller),
  );

  app.get(
    '/v1/evaluations/:id',
    {
      config: { permission: 'evaluations:read' },
      schema: {
        tags,
        operationId: 'getEvaluation',
        summary: 'Get an evaluation',
        params: IdParams,
        response: { 200: Evaluation, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const evaluation = await service.get(app.db, request.caller, request.params.id);
      return withEtag(reply, evaluation);
    },
  );

  app.post(
    '/v1/evaluations',
    {
      config: { permission: 'evaluations:write' },
      schema: {
        tags,
        operationId: 'createEvaluation',
        summary: 'Evaluate a module, a meeting or the whole cohort',
        description:
          'A participant, for themselves: a rating from 1 to 5, answers to the programme\u2019s questions for that kind of ' +
          'subject, and a comment. One per subject; only modules the cohort chose and its own meetings; not after the ' +
          'cohort closed.',
        ...createSchema(EvaluationCreate, Evaluation, 400, 409, 413, 415, 422),
      },
    },
    async (request, reply) => respondCreated(request, reply, (ctx) => service.create(ctx, request.body)),
  );

  app.patch(
    '/v1/evaluations/:id',
    {
      config: { permission: 'evaluations:write' },
      schema: {
        tags,
        operationId: 'updateEvaluation',
        summary: 'Change an evaluation',
        description: 'Until the cohort closes.',
        ...updateSchema(EvaluationPatch, Evaluation, 400, 404, 409, 412, 413, 415, 422),
      },
    },
    async (request, reply) =>
      respondUpdated(request, reply, (ctx) =>
        service.update(ctx, request.params.id, request.body, request.headers['if-match']),
      ),
  );
};
