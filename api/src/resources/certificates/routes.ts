import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError } from '../../lib/errors';
import { etag, publicDocument, withEtag } from '../../lib/http';
import { IdParams, problemResponses, updateSchema } from '../../lib/schemas';
import { transact } from '../../lib/write';
import { verificationPage } from './page';
import {
  Certificate,
  CertificateCreate,
  CertificateList,
  CertificateQuery,
  CertificateRevoke,
  SignedCredential,
  Verification,
  VerificationParams,
} from './schema';
import * as service from './service';

const tags = ['Certificates'];
/** Documents a binary body; typed loosely so the handler may send the PDF's bytes. */
const pdfResponse: Record<string, unknown> = {
  description: 'The PDF',
  content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
};

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
          description: 'Newest first; filter by enrolment, cohort, library, revoked and issue date.',
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
        return withEtag(reply, certificate);
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
          ...updateSchema(CertificateRevoke, Certificate, 400, 404, 412, 413, 415, 422),
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
        onSend: publicDocument(60),
        schema: {
          tags,
          operationId: 'verifyCertificate',
          summary: 'Check a certificate by its verification code',
          description:
            'Public. Answers valid or revoked (with the date) and the public statement of the certificate: name, ' +
            'programme, date and issuers; 404 for an unknown code. Limited per IP address against guessing. Any ' +
            'origin may read it (`Access-Control-Allow-Origin: *`); it carries an `ETag` and may be cached for a minute.',
          params: VerificationParams,
          response: { 200: Verification, ...problemResponses(400, 404, 429) },
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

    app.get(
      '/v1/certificates/:id/credential',
      {
        config: { permission: 'certificates:read' },
        schema: {
          tags,
          operationId: 'getCertificateCredential',
          summary: 'The certificate as a signed Open Badges 3.0 credential',
          description:
            'An OpenBadgeCredential (W3C Verifiable Credentials 2.0, valid under 1EdTech\u2019s Open Badges 3.0 ' +
            'AchievementCredential schema) with an embedded Data Integrity proof (eddsa-rdfc-2022) in a `proof` list. ' +
            'Its issuer is a did:web DID: any did:web resolver finds the key in `/.well-known/did.json`. Its revocation ' +
            'status is in the Bitstring Status List its credentialStatus names; `issuer.url` and `achievement.id` ' +
            'lead to JSON-LD documents. The holder is named (an identifier of identityType `name`) and identified by ' +
            'a salted hash of their e-mail address. Once the holder\u2019s data was erased Loket no longer keeps it ' +
            '(404); the copy the holder has stays valid.',
          params: IdParams,
          response: { 200: SignedCredential, ...problemResponses(400, 404) },
        },
      },
      async (request, reply) => {
        const credential = await service.credentialOf(app.db, request.caller, request.params.id);
        reply.type('application/vc+ld+json');
        return credential;
      },
    );

    app.get(
      '/v1/certificates/:id/pdf',
      {
        config: { permission: 'certificates:read' },
        schema: {
          tags,
          operationId: 'getCertificatePdf',
          summary: 'The certificate as a PDF',
          description:
            'A4 landscape, in Dutch, with a QR code to the public verification page and the signed credential attached ' +
            'as a file (no longer once the holder\u2019s data was erased). The same certificate always renders the same bytes; a revoked one is marked INGETROKKEN.',
          params: IdParams,
          response: {
            200: pdfResponse,
            ...problemResponses(400, 404),
          },
        },
      },
      async (request, reply) => {
        const pdf = await service.pdfOf(app.db, request.caller, request.params.id, context);
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="certificaat-${request.params.id}.pdf"`)
          .send(pdf);
      },
    );
  };
}
