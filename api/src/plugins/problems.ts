import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { InvalidCursorError } from '@loket/db';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { DomainError, type FieldProblem, type ProblemParams, RetryLater } from '../lib/errors';
import { fieldErrors } from './validation';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  errors?: FieldProblem[];
  /** The OAuth 2 error code, on token endpoint problems. */
  error?: string;
  /** The cmi5 requirement a refused course package breaks. */
  requirement?: string;
  /** Why, machine-readable: the type's own code unless the refusal names a more precise one. */
  code?: string;
  params?: ProblemParams;
}

const problemPrefix = 'urn:problem:loket:';
const problemType = (code: string) => `${problemPrefix}${code}`;

/** Every problem carries `code` and `params`, so a client never has to read the English `detail`. */
function withReason(problem: ProblemBody): ProblemBody {
  return { ...problem, code: problem.code ?? problem.type.slice(problemPrefix.length), params: problem.params ?? {} };
}

function send(reply: FastifyReply, problem: ProblemBody) {
  // Sent pre-serialised so a route's response schema can never strip or reject it.
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .serializer((payload: unknown) => JSON.stringify(payload))
    .send(withReason(problem));
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

const bodyMethods = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Database errors that mean the input was bad (PostgreSQL's class 22, data exceptions, and check
 * constraints), as the message for the problem's `errors[]`.
 */
function databaseInputProblem(code: string): string | undefined {
  switch (code) {
    case '22P02':
      return 'is not in a form the database reads, such as an id that is not a UUID';
    case '22007':
    case '22008':
      return 'is a date or time the database cannot hold (years 0001 to 9999)';
    case '22003':
      return 'is a number out of range';
    case '22001':
      return 'is longer than the database holds';
    case '22021':
    case '22P05':
      return 'holds characters the database cannot store';
    case '23514':
      return 'breaks a rule of the data model';
    default:
      return code.startsWith('22') ? 'is not a value the database can take' : undefined;
  }
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
      code: error.reason.code,
      params: error.reason.params ?? {},
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
  const input = code ? databaseInputProblem(code) : undefined;
  if (input) {
    // Validation should have stopped this before SQL: answer it as bad input, and log it so the
    // schema that let it through gets its bound.
    request.log.warn({ err: error }, 'input reached the database unvalidated');
    const status = bodyMethods.has(request.method) ? 422 : 400;
    return {
      type: problemType('validation'),
      title: status === 422 ? 'Invalid input' : 'Invalid request parameters',
      status,
      detail: `The request has a value the database cannot take: it ${input}.`,
      errors: [{ path: '/', message: input }],
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

/**
 * What Node's HTTP parser refuses before Fastify sees a request (Fastify's `clientErrorHandler`
 * option): a request line and headers over the 16 kB limit (431), a request that took too long to
 * arrive (408), anything malformed (400). Written to the socket as a problem, then the connection
 * closes, as the HTTP parser cannot go on after such an error.
 */
export function clientProblem(this: FastifyInstance, error: Error & { code?: string }, socket: Socket) {
  // A reset connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'header-too-large',
          'The request line and headers together exceed 16 kB; send fewer or shorter query parameters.',
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request-timeout', 'The request did not arrive in time.']
        : [400, 'bad-request', 'The request is not valid HTTP/1.1.'];
  const problem = withReason({
    type: problemType(code),
    title: STATUS_CODES[status] ?? 'Bad request',
    status,
    detail,
    requestId: uuidv7(),
  });
  this.log.debug({ err: error, requestId: problem.requestId }, 'client error');
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${problem.title}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Every error leaves as RFC 9457 problem+json; 5xx details go to the log, never to the caller. */
export function installProblems(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = classify(error, request);
    // A download that failed before its first byte answers a problem, not a file to save.
    reply.removeHeader('content-disposition');
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
