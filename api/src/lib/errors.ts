/** An expected failure with a stable code; the problem handler turns it into RFC 9457 JSON. */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly errors?: Array<{ path: string; message: string }>,
    /** Extra members for the problem body, e.g. the OAuth `error` code. */
    readonly extensions?: { error?: string },
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError(404, 'not-found', 'Not found', `${what} was not found.`);

export const conflict = (detail: string, code = 'conflict') => new DomainError(409, code, 'Conflict', detail);

export const preconditionFailed = () =>
  new DomainError(
    412,
    'stale-version',
    'Precondition failed',
    'The record was changed by someone else since you read it. Read it again and reapply your change.',
  );

export const invalid = (path: string, message: string) =>
  new DomainError(422, 'validation', 'Invalid input', message, [{ path, message }]);

export const badRequest = (detail: string, code = 'bad-request') => new DomainError(400, code, 'Bad request', detail);

export const inSeconds = (seconds: number) => `${seconds} second${seconds === 1 ? '' : 's'}`;

/** A refusal to try again later: 429 with Retry-After. */
export class RetryLater extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    code: string,
    detail: string,
  ) {
    super(429, code, 'Too many requests', detail);
    this.name = 'RetryLater';
  }
}
