import { STATUS_CODES } from 'node:http';
import { InvalidCursorError } from '@loket/db';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, RetryLater } from '../lib/errors';
import { fieldErrors } from './validation';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  errors?: Array<{ path: string; message: string }>;
  /** The OAuth 2 error code, on token endpoint problems. */
  error?: string;
}

const problemType = (code: string) => `urn:problem:loket:${code}`;

function send(reply: FastifyReply, problem: ProblemBody) {
  // Sent pre-serialised so a route's response schema can never strip or reject it.
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .serializer((payload: unknown) => JSON.stringify(payload))
    .send(problem);
}

const databaseUnavailable = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
]);

/** Finds a PostgreSQL (or PGlite) error code anywhere in an error's cause chain. */
function databaseCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (/^[0-9A-Z]{5}$/.test(code) || databaseUnavailable.has(code))) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** node-postgres reports a lost or unobtainable connection without a code, in these words. */
const connectionLost =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

function lostConnection(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error && connectionLost.test(current.message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function classify(error: FastifyError | Error, request: FastifyRequest): Omit<ProblemBody, 'requestId'> {
  if (error instanceof DomainError) {
    return {
      type: problemType(error.code),
      title: error.title,
      status: error.status,
      detail: error.message,
      ...(error.errors ? { errors: error.errors } : {}),
      ...error.extensions,
    };
  }
  if (error instanceof InvalidCursorError) {
    return { type: problemType('invalid-cursor'), title: 'Bad request', status: 400, detail: error.message };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const part = fastifyError.validationContext ?? 'body';
    const errors = fieldErrors(fastifyError.validation as never, part);
    const status = part === 'body' ? 422 : 400;
    return {
      type: problemType('validation'),
      title: status === 422 ? 'Invalid input' : 'Invalid request parameters',
      status,
      detail: `The request ${part} has ${errors.length} invalid ${errors.length === 1 ? 'field' : 'fields'}.`,
      errors,
    };
  }
  const code = databaseCode(error);
  if (code === '23505') {
    return {
      type: problemType('conflict'),
      title: 'Conflict',
      status: 409,
      detail: 'A record with these unique values already exists.',
    };
  }
  if (code === '23503') {
    return {
      type: problemType('conflict'),
      title: 'Conflict',
      status: 409,
      detail: 'The change refers to, or is referred to by, another record.',
    };
  }
  if (
    code === '23514' ||
    code === '22P02' ||
    code === '22007' ||
    code === '22008' ||
    code === '22021' ||
    code === '22P05'
  ) {
    return {
      type: problemType('validation'),
      title: 'Invalid input',
      status: 422,
      detail: 'The values break a rule of the data model.',
    };
  }
  if (code === '40001' || code === '40P01') {
    return {
      type: problemType('retry'),
      title: 'Conflict',
      status: 409,
      detail: 'A concurrent change interfered; retry the request.',
    };
  }
  if ((code && (databaseUnavailable.has(code) || code.startsWith('08'))) || lostConnection(error)) {
    return {
      type: problemType('unavailable'),
      title: 'Service unavailable',
      status: 503,
      detail: 'The database is not reachable right now; retry shortly.',
    };
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    return {
      type: problemType(
        fastifyError.code
          ? fastifyError.code
              .toLowerCase()
              .replace(/^fst_err_/, '')
              .replaceAll('_', '-')
          : 'bad-request',
      ),
      title: STATUS_CODES[status] ?? 'Bad request',
      status,
      detail: fastifyError.message,
    };
  }
  request.log.error({ err: error }, 'unhandled error');
  return {
    type: problemType('internal'),
    title: 'Internal server error',
    status: 500,
    detail: 'Something went wrong on our side. It has been logged.',
  };
}

/**
 * Errors the router raises before a route is found (a malformed URL, a path parameter over the
 * length limit): Fastify's `frameworkErrors` option, so that they are problems too.
 */
export function frameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  return send(reply, { ...classify(error, request), requestId: request.id });
}

/** Every error leaves as RFC 9457 problem+json; 5xx details go to the log, never to the caller. */
export function installProblems(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = classify(error, request);
    if (problem.status >= 500 && problem.status !== 503) reply.header('cache-control', 'no-store');
    if (problem.status === 503) reply.header('retry-after', '5');
    if (error instanceof RetryLater) reply.header('retry-after', String(error.retryAfterSeconds));
    if (problem.status === 401) reply.header('www-authenticate', 'Bearer realm="loket"');
    return send(reply, { ...problem, requestId: request.id });
  });
  app.setNotFoundHandler((request, reply) =>
    send(reply, {
      type: problemType('not-found'),
      title: 'Not found',
      status: 404,
      detail: `No route for ${request.method} ${request.url.split('?')[0]}.`,
      requestId: request.id,
    }),
  );
}
