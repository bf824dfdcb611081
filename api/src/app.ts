import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Connection, loadContent } from '@loket/db';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { createTransport } from 'nodemailer';
import type { DestinationStream } from 'pino';
import type { KeyPairJson } from './credentials/index';
import { certificateBatchQueue } from './jobs/certificate-batch';
import type { Resolver } from './jobs/delivery-agent';
import { deliveryQueue } from './jobs/outbox';
import { defaultRetentionPolicy, type RetentionPolicy } from './jobs/retention';
import type { Caller } from './lib/caller';
import { DomainError } from './lib/errors';
import { createIssuer } from './lib/issuer';
import { Sealer } from './lib/sealed';
import { calendarContext } from './mail/calendar';
import { registerAdmin } from './plugins/admin';
import { installAuthentication } from './plugins/authentication';
import { backgroundWork } from './plugins/background';
import { type CallerLimits, defaultCallerLimits } from './plugins/caller-limits';
import { databasePlugin } from './plugins/database';
import { healthRoutes } from './plugins/health';
import { loggerOptions } from './plugins/logging';
import { installRequestMetrics, metricsRoute } from './plugins/metrics';
import { mergePatchType, registerOpenApi } from './plugins/openapi';
import { installPressureLimits, type PressureLimits } from './plugins/pressure';
import { clientProblem, frameworkProblem, installProblems } from './plugins/problems';
import { installRateLimits } from './plugins/rate-limits';
import { installValidation, serializersOnFirstUse } from './plugins/validation';
import { apiClientRoutes } from './resources/api-clients/routes';
import { auditEventRoutes } from './resources/audit-events/routes';
import { defaultSignInBackoff, type SignInBackoff } from './resources/auth/backoff';
import { OidcClients, type OidcSettings } from './resources/auth/oidc';
import { authRoutes } from './resources/auth/routes';
import { calendarRoutes } from './resources/calendar/routes';
import { certificateRoutes } from './resources/certificates/routes';
import { cmi5Routes } from './resources/cmi5/routes';
import { cmi5CourseRoutes } from './resources/cmi5-courses/routes';
import { cmi5RegistrationRoutes } from './resources/cmi5-registrations/routes';
import { cohortRoutes } from './resources/cohorts/routes';
import { enrolmentRoutes } from './resources/enrolments/routes';
import { evaluationRoutes } from './resources/evaluations/routes';
import { eventRoutes } from './resources/events/routes';
import { exportRoutes } from './resources/exports/routes';
import { identityProviderRoutes } from './resources/identity-providers/routes';
import { issuerRoutes } from './resources/issuer/routes';
import { jobRoutes } from './resources/jobs/routes';
import { moduleRoutes } from './resources/modules/routes';
import { notificationRoutes } from './resources/notifications/routes';
import { organisationRoutes } from './resources/organisations/routes';
import { participantRoutes } from './resources/participants/routes';
import { programmeRoutes } from './resources/programmes/routes';
import { reportRoutes } from './resources/reports/routes';
import { sessionRoutes } from './resources/sessions/routes';
import { userRoutes } from './resources/users/routes';
import { webhookRoutes } from './resources/webhooks/routes';
import type { RetryPolicy } from './resources/webhooks/rules';
import type { TargetPolicy } from './resources/webhooks/targets';
import { alternateRequestUrl } from './resources/xapi/alternate';
import { xapiRoutes } from './resources/xapi/routes';
import { xapiAgentRoutes } from './resources/xapi-agents/routes';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
}

export interface AppOptions {
  connection: Connection;
  /** Secret for signing access tokens (HS256); at least 32 characters. */
  jwtSecret: string;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlDays?: number;
  /** Sign-in attempts per client address per minute. */
  loginRateLimit?: number;
  /** How failed sign-ins slow further attempts (see SignInBackoff); the defaults suit production. */
  signInBackoff?: Partial<SignInBackoff>;
  /** Requests per minute per caller on authenticated routes; 0 switches a limit off. */
  callerLimits?: Partial<CallerLimits>;
  /**
   * Fastify's trustProxy: which reverse proxies' X-Forwarded-For to believe (true, a hop count, or
   * addresses and CIDR ranges), so each client behind them gets a limit of its own.
   */
  trustProxy?: boolean | number | string | string[];
  /**
   * Run background work (bulk certificate issue) with pg-boss workers in this process. Without it,
   * jobs are recorded and queued for a process that runs them.
   */
  backgroundJobs?: boolean;
  /** The Ed25519 key credentials are signed with; a new one is made when absent. */
  issuerKey?: KeyPairJson;
  /** Calendar feed reads per client address per minute. */
  feedRateLimit?: number;
  /** In whose name certificates are issued; read from content/ (programme.md) when absent. */
  commissioners?: string[];
  /** Certificate verifications per client address per minute. */
  verifyRateLimit?: number;
  corsOrigins?: string[];
  publicUrl?: string;
  /** Pino options; secrets are always redacted, and query strings logged without their values. */
  logger?: { level: string; stream?: DestinationStream };
  /**
   * Identity providers whose issuer is a plain http URL (a test's provider on this machine). Off by
   * default: issuers are https.
   */
  allowHttpIssuers?: boolean;
  /** Serve the built admin SPA at /admin when it exists. */
  serveAdmin?: boolean;
  bodyLimit?: number;
  /** Refuse requests with 503 while the process is overloaded; off when absent. */
  pressureLimits?: PressureLimits;
  /** A bearer token that may read /metrics (a Prometheus scraper); admins may read it too. */
  metricsToken?: string;
  /** How webhooks and e-mails are handed on and retried; the defaults suit production. */
  outbox?: OutboxOptions;
  /**
   * Let webhook subscriptions point at loopback, private, unique-local and carrier-grade NAT
   * addresses (receivers on the premises, or a test's local receiver). Off by default: webhooks go
   * only to public addresses.
   */
  allowPrivateWebhookTargets?: boolean;
  /**
   * The mail server (a nodemailer transport: an smtp(s):// URL or its options) and the sender.
   * Without it, e-mails are kept in the database and listed at /v1/notifications.
   */
  mail?: { transport: Parameters<typeof createTransport>[0]; from: string };
  /**
   * How long events, deliveries and e-mails are kept, and how often what is past its retention (those, and
   * Idempotency-Keys after 24 hours) is pruned, with backgroundJobs.
   */
  retention?: Partial<RetentionPolicy> & { intervalMs?: number };
}

export interface OutboxOptions {
  /** Attempts and backoff of webhook deliveries and e-mails. */
  retry?: RetryPolicy;
  /** How often committed events are looked for (they are also looked for at start). Default 2 s. */
  dispatchIntervalMs?: number;
  /** How often upcoming meetings are checked for reminders. Default 1 h. */
  reminderIntervalMs?: number;
  /** After how long a pending delivery or e-mail without a job is queued again. Default 10 min. */
  overdueGraceMs?: number;
  /** How long a receiver may take to answer. Default 10 s. */
  deliveryTimeoutMs?: number;
  /** How webhook targets' names are resolved; the system resolver by default (tests replace it). */
  resolver?: Resolver;
}

const defaultPublicUrl = 'http://localhost:3000';
const lrsPath = /^\/v1\/(xapi(\/|\?|$)|cmi5\/fetch\/)/;
const lrsCors = {
  origin: true,
  // Statements and documents are stored with PUT and removed with DELETE, from the unit's page.
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
  exposedHeaders: [
    'etag',
    'last-modified',
    'content-type',
    'x-request-id',
    'x-experience-api-version',
    'x-experience-api-consistent-through',
  ],
  maxAge: 600,
};
const requestIdPattern = /^[A-Za-z0-9._-]{1,100}$/;

/** Builds the Loket API; only the server entry listens. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const trustProxy = options.trustProxy ?? false;
  const app = Fastify({
    logger: options.logger ? loggerOptions(options.logger) : false,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    // Keep a caller's correlation id when it is safe to log; otherwise make one. Node's randomUUID
    // draws from a batch of entropy; a v7 UUID from the uuid package asked the system for every request.
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
    schemaController: { compilersFactory: { buildSerializer: serializersOnFirstUse } },
    frameworkErrors: frameworkProblem,
    // A hop count trusts that many proxies from the server's side, as proxy-addr counts them.
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    clientErrorHandler: clientProblem,
    // xAPI's alternate request syntax carries its credentials in the body: it is routed apart.
    rewriteUrl: alternateRequestUrl,
    // A player appends `/statements` to an endpoint that ends in a slash (cmi5 launches hand one out): both reach the LRS.
    routerOptions: { ignoreDuplicateSlashes: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // JSON in, JSON out: a text/plain body is refused (415) rather than parsed as a string.
  app.removeContentTypeParser('text/plain');
  // A PATCH is a JSON merge patch (RFC 7396): it may say so with its own media type.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser(mergePatchType, { parseAs: 'string' }, (request, body, done) => {
    if (request.method === 'PATCH') return parseJson(request, body as string, done);
    done(
      new DomainError(415, 'ctp-invalid-media-type', 'Unsupported Media Type', `Only a PATCH takes ${mergePatchType}.`),
    );
  });
  installValidation(app);
  installProblems(app);
  app.decorateRequest('caller', null as unknown as Caller);
  // While shutting down, requests in flight finish but their keep-alive connections close after
  // the response: otherwise the server waits for clients to hang up (up to the 72 s keep-alive).
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (draining) reply.header('connection', 'close');
  });
  const metrics = installRequestMetrics(app, options.connection);

  if (options.jwtSecret.length < 32) throw new Error('jwtSecret must be at least 32 characters');
  const publicUrl = options.publicUrl ?? defaultPublicUrl;
  const targetPolicy: TargetPolicy = { allowPrivate: options.allowPrivateWebhookTargets ?? false };
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 900;

  // Helmet's security headers, its middleware made once: @fastify/helmet built it anew (parsing the
  // policy) for every request, a measurable part of a single read's time.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // react-admin's Material UI injects its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  app.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error) => done(error instanceof Error ? error : undefined)),
  );
  const apiCors = {
    origin: options.corsOrigins ?? [],
    exposedHeaders: [
      'etag',
      'location',
      'x-request-id',
      'retry-after',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
    ],
  };
  await app.register(cors, {
    // Assignable units call the LRS and their fetch URL from wherever they are served: a publisher's
    // host, or Loket's own files, sandboxed into an opaque ("null") origin. Those routes take their
    // credentials in the Authorization header or the URL, never from cookies, so any origin may call them.
    delegator: (request, callback) => callback(null, lrsPath.test(request.url) ? lrsCors : apiCors),
  });
  await app.register(formbody);
  if (options.pressureLimits) await installPressureLimits(app, options.pressureLimits);
  const backoff = { ...defaultSignInBackoff, ...options.signInBackoff };
  await installRateLimits(app, {
    db: options.connection.db,
    callerLimits: { ...defaultCallerLimits, ...options.callerLimits },
    forgetAfterMs: backoff.forgetAfterMs,
  });
  await app.register(databasePlugin, { connection: options.connection });
  await installAuthentication(app, {
    jwtSecret: options.jwtSecret,
    issuer: publicUrl,
    accessTokenTtlSeconds,
    metricsToken: options.metricsToken,
  });
  await registerOpenApi(app, { publicUrl });
  metricsRoute(app, metrics);
  await app.register(healthRoutes);
  const sealer = new Sealer(options.jwtSecret);
  const allowHttpIssuers = options.allowHttpIssuers ?? false;
  const oidcSettings: OidcSettings = { publicUrl, sealer, allowHttpIssuers, returnUrl: `${publicUrl}/admin/` };
  await app.register(
    authRoutes(
      {
        sign: (claims) => app.jwt.sign(claims),
        accessTokenTtlSeconds,
        refreshTokenTtlMs: (options.refreshTokenTtlDays ?? 30) * 86_400_000,
        backoff,
      },
      { max: options.loginRateLimit ?? 30, timeWindow: 60_000 },
      { clients: new OidcClients(oidcSettings), settings: oidcSettings },
    ),
  );
  await app.register(identityProviderRoutes({ sealer, publicUrl, allowHttpIssuers }));
  const calendar = calendarContext(publicUrl, options.mail?.from);
  await app.register(calendarRoutes(calendar, { max: options.feedRateLimit ?? 120, timeWindow: 60_000 }));
  await app.register(userRoutes);
  await app.register(apiClientRoutes);
  await app.register(auditEventRoutes);
  await app.register(organisationRoutes);
  await app.register(participantRoutes);
  await app.register(programmeRoutes);
  await app.register(moduleRoutes, { publicUrl });
  await app.register(cohortRoutes);
  await app.register(enrolmentRoutes);
  await app.register(sessionRoutes);
  await app.register(xapiRoutes, { publicUrl });
  await app.register(cmi5Routes, { publicUrl });
  await app.register(cmi5CourseRoutes, { publicUrl });
  await app.register(cmi5RegistrationRoutes, { publicUrl });
  await app.register(xapiAgentRoutes);
  await app.register(evaluationRoutes);
  await app.register(reportRoutes);
  await app.register(exportRoutes);
  const commissioners = options.commissioners ?? (await loadContent()).commissioners;
  const issuer = await createIssuer(publicUrl, commissioners, options.issuerKey);
  const certificateContext = { publicUrl, issuer };
  const verifyRateLimit = { max: options.verifyRateLimit ?? 60, timeWindow: 60_000 };
  await app.register(certificateRoutes(certificateContext, verifyRateLimit));
  await app.register(issuerRoutes(certificateContext, verifyRateLimit));
  const retention: RetentionPolicy = {
    eventDays: options.retention?.eventDays ?? defaultRetentionPolicy.eventDays,
  };
  await app.register(backgroundWork, {
    connection: options.connection,
    run: options.backgroundJobs ?? false,
    certificates: certificateContext,
    publicUrl,
    targetPolicy,
    outbox: options.outbox ?? {},
    mail: options.mail,
    retention: { ...retention, intervalMs: options.retention?.intervalMs },
  });
  await app.backgroundStarted;
  await app.register(
    webhookRoutes(
      {
        deliver: (deliveryId) => app.queueJob(deliveryQueue, { deliveryId }),
      },
      targetPolicy,
    ),
  );
  await app.register(notificationRoutes);
  await app.register(eventRoutes, { retentionDays: retention.eventDays });
  await app.register(
    jobRoutes(
      {
        send: (type, jobId) => app.queueJob(type, { jobId }),
      },
      certificateBatchQueue,
    ),
  );
  if (options.serveAdmin) await registerAdmin(app);
  return app;
}
