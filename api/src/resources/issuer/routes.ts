import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { publicDocument } from '../../lib/http';
import { IdParams, problemResponses } from '../../lib/schemas';
import { SignedCredential } from '../certificates/schema';
import { AchievementDocument, AchievementParams, DidDocument, IssuerProfile } from './schema';
import * as service from './service';

const tags = ['Certificates'];
const day = 86_400;
const svgResponse: Record<string, unknown> = {
  description: 'The badge image: Loket\u2019s emblem, as SVG',
  content: { 'image/svg+xml': { schema: { type: 'string' } } },
};
const publicNote =
  ' Public: any origin may read it (`Access-Control-Allow-Origin: *`); it carries an `ETag` and `Cache-Control`, ' +
  'and `If-None-Match` with that ETag answers 304 while it is unchanged.';

/** What the issuer publishes for verifiers and wallets: its DID document, profile, achievements and status lists. */
export function issuerRoutes(
  context: service.IssuerContext,
  rateLimit: { max: number; timeWindow: number },
): FastifyPluginAsyncTypebox {
  return async (app) => {
    const didPaths = new Set(['/.well-known/did.json', context.issuer.didDocumentPath]);
    for (const path of didPaths) {
      app.get(
        path,
        {
          config: { permission: 'public', rateLimit },
          onSend: publicDocument(day),
          schema: {
            tags,
            operationId: path === '/.well-known/did.json' ? 'getDidDocument' : 'getDidDocumentBelowPath',
            summary: 'The issuer\u2019s DID document (did:web)',
            description:
              'The issuer of every credential is a did:web DID for PUBLIC_URL (a port is written `%3A`, a path as ' +
              '`:`-separated parts); any did:web resolver fetches this document and finds the Ed25519 key that signs ' +
              `credentials and status lists, authorised for assertions.${publicNote}`,
            response: { 200: DidDocument, ...problemResponses(429) },
          },
        },
        async (_request, reply) => {
          reply.type('application/did+ld+json');
          return service.didDocument(context);
        },
      );
    }

    app.get(
      '/v1/issuer',
      {
        config: { permission: 'public', rateLimit },
        onSend: publicDocument(day),
        schema: {
          tags,
          operationId: 'getIssuer',
          summary: 'The issuer\u2019s profile (Open Badges 3.0)',
          description:
            'The issuer as an Open Badges 3.0 Profile in JSON-LD: its DID and the commissioners in whose name ' +
            `certificates are issued. Every credential names it as \`issuer.url\`.${publicNote}`,
          response: { 200: IssuerProfile, ...problemResponses(429) },
        },
      },
      async (_request, reply) => {
        reply.type('application/ld+json');
        return service.issuerProfile(context);
      },
    );

    app.get(
      '/v1/achievements/:id',
      {
        config: { permission: 'public', rateLimit },
        onSend: publicDocument(day),
        schema: {
          tags,
          operationId: 'getAchievement',
          summary: 'What a certificate attests (Open Badges 3.0 Achievement)',
          description:
            'The Achievement of a programme version in JSON-LD, as every credential of it embeds it, at its ' +
            `\`achievement.id\`: name, description, criteria, the badge image.${publicNote}`,
          params: AchievementParams,
          response: { 200: AchievementDocument, ...problemResponses(400, 404, 429) },
        },
      },
      async (request, reply) => {
        reply.type('application/ld+json');
        return service.achievementDocument(app.db, request.params.id, context);
      },
    );

    app.get(
      '/v1/achievements/:id/image.svg',
      {
        config: { permission: 'public', rateLimit },
        onSend: publicDocument(day),
        schema: {
          tags,
          operationId: 'getAchievementImage',
          summary: 'The badge image of an achievement',
          description: `Loket\u2019s emblem for the programme, drawn by Loket as SVG.${publicNote}`,
          params: AchievementParams,
          response: { 200: svgResponse, ...problemResponses(400, 404, 429) },
        },
      },
      async (request, reply) =>
        reply
          .type('image/svg+xml; charset=utf-8')
          .serializer((payload: unknown) => String(payload))
          .send(await service.badgeImage(app.db, request.params.id)),
    );

    app.get(
      '/v1/status-lists/:id',
      {
        config: { permission: 'public', rateLimit },
        onSend: publicDocument(service.statusListTtlSeconds),
        schema: {
          tags,
          operationId: 'getStatusList',
          summary: 'A signed revocation list (Bitstring Status List)',
          description:
            'Bit n is set when the certificate at status index n of this list is revoked. Signed by the issuer when ' +
            'the list changes (a revocation), not when it is read; `credentialSubject.ttl` says how long (in ' +
            `milliseconds) a verifier may cache it. Indexes are handed out at random places.${publicNote}`,
          params: IdParams,
          response: { 200: SignedCredential, ...problemResponses(400, 404, 429) },
        },
      },
      async (request, reply) => {
        reply.type('application/vc+ld+json');
        return (await service.statusList(app.db, request.params.id, context)) as SignedCredential;
      },
    );
  };
}
