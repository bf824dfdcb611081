/** The values a refusal's text needs, so a client can phrase it in its own language. */
export type ProblemParams = Record<string, string | number | boolean | string[]>;

/** A field's refusal: `code` (and `params`) say why in a form a client can translate. */
export interface FieldProblem {
  path: string;
  message: string;
  code?: string;
  params?: ProblemParams;
}

/** Why a request was refused, beyond its `type`: a machine-readable reason and its values. */
export interface Reason {
  code: string;
  params?: ProblemParams;
}

/**
 * An expected failure with a stable code; the problem handler turns it into RFC 9457 JSON. `code`
 * names the problem's type; `reason` (defaulting to it) says precisely why, for clients to translate.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly errors?: FieldProblem[],
    /** Extra members for the problem body: the OAuth `error` code, the cmi5 `requirement` broken. */
    readonly extensions?: { error?: string; requirement?: string },
    readonly reason: Reason = { code },
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError(404, 'not-found', 'Not found', `${what} was not found.`);

export const conflict = (detail: string, code = 'conflict', params?: ProblemParams) =>
  new DomainError(409, code, 'Conflict', detail, undefined, undefined, { code, params });

export const preconditionFailed = () =>
  new DomainError(
    412,
    'stale-version',
    'Precondition failed',
    'The record was changed by someone else since you read it. Read it again and reapply your change.',
  );

/** A refused field: `code` names the rule it broke, for the problem and for the field alike. */
export const invalid = (path: string, message: string, code = 'validation', params?: ProblemParams) =>
  new DomainError(422, 'validation', 'Invalid input', message, [{ path, message, code, params }], undefined, {
    code,
    params,
  });

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
