import Type, { type TProperties, type TSchema } from 'typebox';

/** A UUID in its canonical form only: PostgreSQL refuses the `urn:uuid:` prefix ajv-formats takes. */
export const uuidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Shapes shared by every resource: ids, timestamps, the list envelope and the problem body. */
export const Uuid = Type.String({
  format: 'uuid',
  pattern: uuidPattern.source,
  description: 'UUIDv7',
  examples: ['019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d'],
});
export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601, UTC' });
export const Version = Type.Integer({
  minimum: 1,
  description: 'Optimistic-concurrency version; the ETag carries it. Send it back in If-Match.',
});
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** The values a refusal's text needs (counts, names, dates), keyed by name. */
const ProblemParams = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Array(Type.String())]),
  {
    description: 'The values the refusal refers to, for a client to put into its own words',
    examples: [{ children: 4 }],
  },
);

export const ProblemError = Type.Object(
  {
    path: Type.String({ description: 'JSON Pointer to the offending input, e.g. /email' }),
    message: Type.String({ description: 'In English, for people; clients translate `code` instead' }),
    code: Type.Optional(
      Type.String({
        description:
          'Why the field was refused, machine-readable: a schema keyword (required, format, maxLength, …) or a domain rule (cohort-ends-before-start, …)',
      }),
    ),
    params: Type.Optional(ProblemParams),
  },
  { title: 'ProblemFieldError', additionalProperties: false },
);

export const Problem = Type.Object(
  {
    type: Type.String({ description: 'Identifies the kind of problem' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String({ description: 'In English, for people; clients translate `code` and `params` instead' }),
    code: Type.String({
      description:
        'Why the request was refused, machine-readable and stable: the type\u2019s own code (not-found, conflict, …) or a more precise rule (cohort-ends-before-start, organisation-has-dependants, …)',
      examples: ['cohort-ends-before-start'],
    }),
    params: ProblemParams,
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(ProblemError)),
  },
  {
    title: 'Problem',
    description: 'RFC 9457 problem details',
    additionalProperties: true,
    examples: [
      {
        type: 'urn:problem:loket:validation',
        title: 'Invalid input',
        status: 422,
        detail: 'The request body has 1 invalid field.',
        code: 'validation',
        params: {},
        errors: [{ path: '/email', message: 'must match format "email"', code: 'format', params: { format: 'email' } }],
      },
    ],
  },
);

const statusDescriptions: Record<number, string> = {
  400: 'Malformed request or invalid query/path parameters',
  401: 'Missing or invalid credentials',
  403: 'Not allowed for this caller',
  404: 'Not found, or outside the caller\u2019s scope',
  409: 'Conflicts with the current state',
  410: 'Gone: what the request refers to is no longer kept',
  412: 'If-Match does not match the current version',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'The request body is invalid',
  429: 'Too many requests',
  502: 'An upstream service (an identity provider) could not be used',
  503: 'Temporarily unavailable (the database is not reachable); retry after Retry-After seconds',
};

/** Problem responses for the given statuses, served as application/problem+json. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: statusDescriptions[status] ?? 'Problem',
        content: { 'application/problem+json': { schema: Problem } },
      },
    ]),
  );
}

const pageFields = {
  total: Type.Integer({ minimum: 0, description: 'Matching records in the caller\u2019s scope' }),
  limit: Type.Integer(),
  nextCursor: Nullable(Type.String({ description: 'Pass as ?cursor= for the next page; null on the last page' })),
};

export const PageInfo = Type.Object(pageFields, { title: 'PageInfo', additionalProperties: false });

export function listOf<T extends TSchema>(item: T, title: string) {
  return Type.Object({ data: Type.Array(item), page: PageInfo }, { title, additionalProperties: false });
}

const syncRecipe =
  'Incremental sync: keep the `page.syncWatermark` of the first page of a pass (when you page on with ' +
  '`cursor`, the first page\u2019s) and pass it as `updatedSince` on the next pass. Every change this pass ' +
  'could not see is stamped at or after it, so a slow write that commits after a quicker one is never ' +
  'skipped. A record may come twice: upsert by id. Do not poll from the largest `updatedAt` you saw: a ' +
  'transaction still running can commit rows stamped earlier than that.';

/** Lists a client mirrors with `updatedSince`: their pages also say where to poll from next. */
export const SyncPageInfo = Type.Object(
  {
    ...pageFields,
    syncWatermark: Type.String({
      format: 'date-time',
      description: `Pass as ?updatedSince= on your next poll. ${syncRecipe}`,
    }),
  },
  { title: 'SyncPageInfo', additionalProperties: false },
);

export function syncListOf<T extends TSchema>(item: T, title: string) {
  return Type.Object({ data: Type.Array(item), page: SyncPageInfo }, { title, additionalProperties: false });
}

/** The list query parameters common to every collection, plus the resource's own filters. */
export function listQuery<P extends TProperties>(sortFields: readonly string[], filters: P, defaultSort: string) {
  const term = `-?(${sortFields.join('|')})`;
  return Type.Object(
    {
      limit: Type.Integer({ minimum: 1, maximum: 200, default: 25, description: 'Page size (1-200)' }),
      cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Opaque keyset cursor' })),
      offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, description: 'Skip this many records' })),
      sort: Type.String({
        pattern: `^${term}(,${term}){0,3}$`,
        default: defaultSort,
        description: `Comma-separated fields, "-" for descending: ${sortFields.join(', ')}`,
      }),
      ...filters,
    },
    { additionalProperties: false },
  );
}

export const UpdatedSince = Type.Optional(
  Type.String({
    format: 'date-time',
    description: `Only records changed at or after this moment. ${syncRecipe}`,
  }),
);

export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description:
        'Retry-safe key: a retry with the same key and body returns the first result. Kept 24 hours; after that ' +
        'the key counts as new',
    }),
  ),
});

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({ maxLength: 100, description: 'The ETag you last read; a stale one answers 412' }),
  ),
});

/**
 * The schema parts of the write routes every resource has (create, JSON merge patch, delete): the
 * headers they take and what they answer. The refusals differ by resource, so they are named.
 */
export const createSchema = <B extends TSchema, R extends TSchema>(body: B, record: R, ...refusals: number[]) => ({
  headers: IdempotencyHeaders,
  body,
  response: { 201: record, ...problemResponses(...refusals) },
});

export const updateSchema = <B extends TSchema, R extends TSchema>(body: B, record: R, ...refusals: number[]) => ({
  params: IdParams,
  headers: IfMatchHeaders,
  body,
  response: { 200: record, ...problemResponses(...refusals) },
});

export const deleteSchema = (...refusals: number[]) => ({
  params: IdParams,
  headers: IfMatchHeaders,
  response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses(...refusals) },
});
