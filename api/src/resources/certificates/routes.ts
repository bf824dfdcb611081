import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError } from '../../lib/errors';
import { etag } from '../../lib/http';
import { IdParams, IfMatchHeaders, problemResponses } from '../../lib/schemas';
import { transact } from '../../lib/write';
import { verificationPage } from './page';
import {
  Certificate,
  CertificateCreate,
  CertificateList,
  CertificateQuery,
  CertificateRevoke,
  Verification,
  VerificationParams,
} from './schema';
import * as service from './service';

const tags = ['Certificates'];

export function certificateRoutes(
  context: service.CertificateContext,
  verifyRateLimit: { max: number; timeWindow: number },
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/certificates',
      {
        config: { permission: 'certificates:read' },
        schema: {
          tags,
          operationId: 'listCertificates',
          summary: 'List certificates',
          description: 'Newest first; filter by enrolment, cohort, revoked and issue date.',
          querystring: CertificateQuery,
          response: { 200: CertificateList, ...problemResponses(400) },
        },
      },
      async (request) => service.list(app.db, request.caller, request.query, context),
    );

    app.get(
      '/v1/certificates/:id',
      {
        config: { permission: 'certificates:read' },
        schema: {
          tags,
          operationId: 'getCertificate',
          summary: 'Get a certificate',
          params: IdParams,
          response: { 200: Certificate, ...problemResponses(400, 404) },
        },
      },
      async (request, reply) => {
        const certificate = await service.get(app.db, request.caller, request.params.id, context);
        reply.header('etag', etag(certificate.version));
        return certificate;
      },
    );

    app.post(
      '/v1/certificates',
      {
        config: { permission: 'certificates:issue' },
        schema: {
          tags,
          operationId: 'issueCertificate',
          summary: 'Issue the certificate of an enrolment',
          description:
            'Only when the completion rule holds; otherwise 409 listing what is missing. An enrolment gets one ' +
            'certificate, ever: asking again (also at the same moment, from another server) answers 200 with it.',
          body: CertificateCreate,
          response: { 201: Certificate, 200: Certificate, ...problemResponses(400, 409, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        const { certificate, created } = await transact(request, (ctx) =>
          service.issue(ctx, request.body.enrolmentId, context),
        );
        const body = service.toCertificate(certificate, context);
        reply
          .code(created ? 201 : 200)
          .header('etag', etag(body.version))
          .header('location', `/v1/certificates/${body.id}`);
        return body;
      },
    );

    app.post(
      '/v1/certificates/:id/revoke',
      {
        config: { permission: 'certificates:revoke' },
        schema: {
          tags,
          operationId: 'revokeCertificate',
          summary: 'Revoke a certificate',
          description:
            'With a reason. Verification says revoked from now on, and the status list sets its bit. Safe to repeat.',
          params: IdParams,
          headers: IfMatchHeaders,
          body: CertificateRevoke,
          response: { 200: Certificate, ...problemResponses(400, 404, 412, 413, 415, 422) },
        },
      },
      async (request) =>
        transact(request, (ctx) =>
          service.revoke(ctx, request.params.id, request.body.reason, request.headers['if-match'], context),
        ),
    );

    app.get(
      '/v1/verify/:code',
      {
        config: { permission: 'public', rateLimit: verifyRateLimit },
        schema: {
          tags,
          operationId: 'verifyCertificate',
          summary: 'Check a certificate by its verification code',
          description:
            'Public. Answers valid or revoked (with the date) and the public statement of the certificate: name, ' +
            'programme, date and issuers; 404 for an unknown code. Limited per IP address against guessing.',
          params: VerificationParams,
          response: { 200: Verification, ...problemResponses(404, 429) },
        },
      },
      async (request) => service.verify(app.db, request.params.code),
    );

    app.get(
      '/verify/:code',
      {
        config: { permission: 'public', rateLimit: verifyRateLimit },
        schema: { hide: true, params: VerificationParams },
      },
      async (request, reply) => {
        let verification = null;
        try {
          verification = await service.verify(app.db, request.params.code);
        } catch (error) {
          if (!(error instanceof DomainError) || error.status !== 404) throw error;
        }
        reply.code(verification ? 200 : 404).type('text/html; charset=utf-8');
        return verificationPage(verification);
      },
    );
  };
}
