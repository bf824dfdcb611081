import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { withEtag } from '../../lib/http';
import { createSchema, deleteSchema, IdParams, problemResponses, updateSchema } from '../../lib/schemas';
import { respondCreated, respondNoContent, respondUpdated, transact } from '../../lib/write';
import {
  Participant,
  ParticipantCreate,
  ParticipantExport,
  ParticipantList,
  ParticipantPatch,
  ParticipantQuery,
} from './schema';
import * as service from './service';

const tags = ['Participants'];

export const participantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/participants',
    {
      config: { permission: 'participants:read' },
      schema: {
        tags,
        operationId: 'listParticipants',
        summary: 'List participants',
        description:
          'The participants in your scope, sorted by family name by default. Filter by `organisationId` (a library ' +
          'or POI: everyone in its subtree) and search by name or email with `q`.',
        querystring: ParticipantQuery,
        response: { 200: ParticipantList, ...problemResponses(400) },
      },
    },
    async (request) => service.list(app.db, request.caller, request.query),
  );

  app.get(
    '/v1/participants/:id',
    {
      config: { permission: 'participants:read' },
      schema: {
        tags,
        operationId: 'getParticipant',
        summary: 'Get a participant',
        params: IdParams,
        response: { 200: Participant, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const participant = await service.get(app.db, request.caller, request.params.id);
      return withEtag(reply, participant);
    },
  );

  app.post(
    '/v1/participants',
    {
      config: { permission: 'participants:write' },
      schema: {
        tags,
        operationId: 'createParticipant',
        summary: 'Create a participant',
        description:
          'A member of staff at a library or branch. Email addresses are unique. Send an `Idempotency-Key` to make ' +
          'retries safe.',
        ...createSchema(ParticipantCreate, Participant, 400, 409, 413, 415, 422),
      },
    },
    async (request, reply) => respondCreated(request, reply, (ctx) => service.create(ctx, request.body)),
  );

  app.patch(
    '/v1/participants/:id',
    {
      config: { permission: 'participants:write' },
      schema: {
        tags,
        operationId: 'updateParticipant',
        summary: 'Change a participant',
        description: 'JSON merge patch: send only the fields that change.',
        ...updateSchema(ParticipantPatch, Participant, 400, 404, 409, 412, 413, 415, 422),
      },
    },
    async (request, reply) =>
      respondUpdated(request, reply, (ctx) =>
        service.update(ctx, request.params.id, request.body, request.headers['if-match']),
      ),
  );

  app.delete(
    '/v1/participants/:id',
    {
      config: { permission: 'participants:write' },
      schema: {
        tags,
        operationId: 'deleteParticipant',
        summary: 'Delete a participant',
        description: 'Only a person who was never enrolled (409 otherwise: withdraw the enrolments instead).',
        ...deleteSchema(400, 404, 409, 412),
      },
    },
    async (request, reply) =>
      respondNoContent(request, reply, (ctx) => service.remove(ctx, request.params.id, request.headers['if-match'])),
  );

  app.get(
    '/v1/participants/:id/export',
    {
      config: { permission: 'participants:privacy' },
      schema: {
        tags,
        operationId: 'exportParticipant',
        summary: 'Everything Loket holds about a person (AVG inzageverzoek)',
        description: 'For an access request under the AVG/GDPR. The export itself is recorded in the audit log.',
        params: IdParams,
        response: { 200: ParticipantExport, ...problemResponses(400, 404) },
      },
    },
    async (request) => transact(request, (ctx) => service.exportData(ctx, request.params.id)),
  );

  app.post(
    '/v1/participants/:id/erasure',
    {
      config: { permission: 'participants:privacy', endsSessions: true },
      schema: {
        tags,
        operationId: 'eraseParticipant',
        summary: 'Erase a person (AVG verwijderverzoek)',
        description:
          'Removes the name, email address, job title, free-text answers, login accounts (their access tokens stop ' +
          'working at once), e-mails and raw learning records in one transaction, and takes the person out of ' +
          'everything else Loket keeps: audit snapshots (the change itself stays, the personal fields read as ' +
          'erased), stored answers of Idempotency-Keys, job reports, event payloads, and Loket\u2019s own copy of ' +
          'their signed credentials. Mentions of their names and addresses in what colleagues wrote (evaluation ' +
          'comments in their cohorts, a revocation reason) are replaced by "[verwijderd]". Enrolments, progress, ' +
          'attendance and ratings remain anonymously so reports stay right; certificates remain verifiable and show ' +
          'the name as withheld, and the credential the holder received stays valid. Safe to repeat.',
        params: IdParams,
        response: { 200: Participant, ...problemResponses(400, 404) },
      },
    },
    async (request) => transact(request, (ctx) => service.erase(ctx, request.params.id)),
  );
};
