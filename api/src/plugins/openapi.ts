import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { apiClientScopes } from '@loket/db';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { eventDescriptions, eventEnvelopes, eventTitle, eventTypes, signatureRecipe } from '../lib/events';
import { clientScopePermissions } from '../lib/permissions';
import { problemResponses } from '../lib/schemas';
import { checkedByHandler } from './validation';

type Json = unknown;

/**
 * Route schemas are written inline (so TypeBox infers handler types); every schema with a
 * `title` becomes a named component and is referenced, so clients get named types.
 */
export function hoistNamedSchemas(document: Record<string, Json>): Record<string, Json> {
  const components: Record<string, Json> = {};
  const seen = new Map<string, string>();

  const visit = (node: Json, inComponent: string | null): Json => {
    if (Array.isArray(node)) return node.map((item) => visit(item, inComponent));
    if (!node || typeof node !== 'object') return node;
    const record = node as Record<string, Json>;
    const title = record.title;
    const isSchema =
      typeof title === 'string' && /^[A-Z][A-Za-z0-9]+$/.test(title) && ('type' in record || 'anyOf' in record);
    const walked = Object.fromEntries(
      Object.entries(record)
        // A validation marker, not part of what the body is.
        .filter(([key]) => key !== checkedByHandler)
        .map(([key, value]) => [
          key,
          key === 'examples' || key === 'example' ? value : visit(value, isSchema ? (title as string) : inComponent),
        ]),
    );
    if (!isSchema || title === inComponent) return walked;
    // @fastify/swagger moves schema examples to the media type in some places: compare without them.
    const { examples, ...shape } = walked;
    const fingerprint = JSON.stringify(shape);
    const previous = seen.get(title);
    if (previous !== undefined && previous !== fingerprint) {
      throw new Error(`Two different schemas are both titled ${title}`);
    }
    seen.set(title, fingerprint);
    if (examples !== undefined || !(title in components)) components[title] = walked;
    return { $ref: `#/components/schemas/${title}` };
  };

  const paths = visit(document.paths ?? {}, null);
  const webhooks = document.webhooks ? visit(document.webhooks, null) : undefined;
  const existing = ((document.components as Record<string, Json> | undefined) ?? {}) as Record<string, Json>;
  const schemas = { ...((existing.schemas as Record<string, Json> | undefined) ?? {}), ...components };
  const sortedSchemas = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  return {
    ...document,
    paths,
    ...(webhooks ? { webhooks } : {}),
    components: { ...existing, schemas: sortedSchemas },
  };
}

/**
 * A query parameter with a default is filled in by the server, so a caller may leave it out; the
 * route schemas keep it required only so that handlers see the filled-in value.
 */
export function defaultedParametersOptional(document: Record<string, Json>): Record<string, Json> {
  const paths = (document.paths ?? {}) as Record<string, Record<string, { parameters?: Json[] }>>;
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      for (const parameter of operation.parameters ?? []) {
        const { in: location, schema } = parameter as { in?: string; schema?: Record<string, Json> };
        if (location !== 'path' && schema && 'default' in schema) delete (parameter as { required?: boolean }).required;
      }
    }
  }
  return document;
}

/** The media type of a JSON merge patch (RFC 7396), which every PATCH takes besides application/json. */
export const mergePatchType = 'application/merge-patch+json';

const declares = (schema: unknown, property: string) =>
  typeof schema === 'object' &&
  schema !== null &&
  property in ((schema as { properties?: Record<string, unknown> }).properties ?? {});

/**
 * The problems a route can answer, from what it is. Every route refuses malformed requests and
 * credentials in its query (400) and, unless it is exempt from the overload guard and needs no token,
 * answers 503 while the process is overloaded or the database away. A route that needs a token answers
 * 401 and 403 and counts against the caller's rate limit (429), as does a public route with a limit of
 * its own. A path id may name nothing (404); If-Match may be stale (412); a body may be too large
 * (413), of a type the route does not read (415) or invalid (422; a body its handler checks itself
 * answers what its specification says, which the route declares); an Idempotency-Key may have been
 * used for another request (422).
 */
function sharedProblemStatuses(route: Pick<RouteOptions, 'config' | 'schema'>): number[] {
  const config = (route.config ?? {}) as {
    permission?: string;
    rateLimit?: unknown;
    pressureExempt?: boolean;
  };
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  const needsToken = config.permission !== undefined && config.permission !== 'public';
  const statuses = [400];
  if (needsToken) statuses.push(401, 403);
  if (schema.params) statuses.push(404);
  if (declares(schema.headers, 'if-match')) statuses.push(412);
  if (schema.body) {
    statuses.push(413, 415);
    if ((schema.body as Record<string, unknown>)[checkedByHandler] !== true) statuses.push(422);
  }
  // An Idempotency-Key used before for another request is refused with 422, body or not.
  if (declares(schema.headers, 'idempotency-key') && !statuses.includes(422)) statuses.push(422);
  if (config.rateLimit !== false && (needsToken || config.rateLimit !== undefined)) statuses.push(429);
  if (!config.pressureExempt || needsToken) statuses.push(503);
  return statuses;
}

/** A public API route reads a bearer token when one is sent: a broken one is refused, not ignored. */
const optionalTokenRefused = {
  401: {
    ...problemResponses(401)[401],
    description: 'An access token was sent and is not valid: this route needs none, so leave it out or refresh it',
  },
};

/**
 * Documents what every route shares, as routes are added (also those added later): its problem
 * responses (a route's own description of a status wins) and, on PATCH, the merge-patch media type.
 */
function documentSharedContract(route: RouteOptions): void {
  if (!route.schema || route.schema.hide) return;
  const schema = route.schema as Record<string, unknown>;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const isPublicApi = (route.config as { permission?: string } | undefined)?.permission === 'public';
  route.schema = {
    ...schema,
    response: {
      ...problemResponses(...sharedProblemStatuses(route)),
      ...(isPublicApi ? optionalTokenRefused : {}),
      ...(schema.response as object),
    },
    ...(methods.includes('PATCH') && schema.body && !schema.consumes
      ? { consumes: ['application/json', mergePatchType] }
      : {}),
  } as typeof route.schema;
}

/**
 * Swagger UI fills each parameter's example into "Try it out": an example id in an optional filter
 * would narrow the list to nothing. Optional parameters keep their description, not an example.
 */
export function optionalParametersWithoutExamples(document: Record<string, Json>): Record<string, Json> {
  const paths = (document.paths ?? {}) as Record<string, Record<string, { parameters?: Json[] }>>;
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      for (const parameter of (operation.parameters ?? []) as Array<Record<string, Json>>) {
        if (parameter.required === true) continue;
        delete parameter.example;
        delete parameter.examples;
        const schema = parameter.schema as Record<string, Json> | undefined;
        if (schema) {
          delete schema.example;
          delete schema.examples;
        }
      }
    }
  }
  return document;
}

/** Fastify's description of an answer whose schema says nothing about itself. */
const placeholderDescription = 'Default Response';

const methodsThatRead = new Set(['get', 'head']);

/**
 * An answer whose schema has no description is described by the named schema it carries (a page
 * of records, the new record, the record as it now stands). An answer without a named schema or a
 * description keeps Fastify's placeholder, which the contract test refuses.
 */
function successDescription(
  method: string,
  status: string,
  response: Record<string, Json>,
  schemas: Record<string, Json>,
) {
  if (status === '204') return 'Done; the answer has no body';
  const media = Object.values((response.content ?? {}) as Record<string, { schema?: { $ref?: string } }>)[0];
  const ref = media?.schema?.$ref;
  if (!ref) return undefined;
  const name = ref.replace('#/components/schemas/', '');
  const component = (schemas[name] ?? {}) as { properties?: Record<string, { items?: { $ref?: string } }> };
  const itemRef = component.properties?.page ? component.properties.data?.items?.$ref : undefined;
  const what = itemRef ? `a page of \`${itemRef.replace('#/components/schemas/', '')}\` records` : `the \`${name}\``;
  if (status === '201') return `Created: ${what.replace(/^the /, 'the new ')}`;
  if (status === '202') return `Accepted: ${what}; the work goes on in the background`;
  if (methodsThatRead.has(method) || itemRef) return `${what.charAt(0).toUpperCase()}${what.slice(1)}`;
  // A record (it has a version) was changed; anything else is what the action answers.
  return component.properties?.version ? `Done: ${what} as it now stands` : `Done: ${what}`;
}

export function describedResponses(document: Record<string, Json>): Record<string, Json> {
  const schemas = ((document.components as { schemas?: Record<string, Json> } | undefined)?.schemas ?? {}) as Record<
    string,
    Json
  >;
  const paths = (document.paths ?? {}) as Record<string, Record<string, { responses?: Record<string, Json> }>>;
  for (const operations of Object.values(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const answer = response as Record<string, Json>;
        if (answer.description !== placeholderDescription) continue;
        answer.description = successDescription(method, status, answer, schemas) ?? placeholderDescription;
      }
    }
  }
  return document;
}

export const apiTags = [
  { name: 'Organisations', description: 'The KB and partners, the POIs, libraries and their branches, as one tree.' },
  { name: 'Participants', description: 'Front-office staff of the libraries who follow the programme.' },
  { name: 'Programmes', description: 'The leertraject and its published versions.' },
  { name: 'Modules', description: 'The six e-learning modules, with their text.' },
  { name: 'Cohorts', description: 'A library\u2019s run of the programme, pilot or rollout, with its chosen modules.' },
  {
    name: 'Enrolments',
    description: 'Participants in cohorts: progress per module, and what the certificate still needs.',
  },
  { name: 'Meetings', description: 'The kick-off and team meetings of a cohort, and their attendance.' },
  {
    name: 'Certificates',
    description: 'Issued when the completion rule holds; verifiable by anyone, revocable with a reason.',
  },
  { name: 'Evaluations', description: 'Participants rate and comment on modules, meetings and their cohort.' },
  { name: 'Reports', description: 'Figures for the pilot evaluation and the rollout, within your scope.' },
  {
    name: 'xAPI',
    description: 'The statement resource of xAPI 1.0.3, for e-learning players that report progress on modules.',
  },
  { name: 'Exports', description: 'Bulk CSV for BI tools and spreadsheets, streamed at constant memory.' },
  { name: 'Authentication', description: 'Sign in, refresh, sign out, and who am I.' },
  {
    name: 'Users',
    description:
      'Accounts of KB staff, POI advisers, library staff and participants: KB staff manage them; advisers and coordinators read those of their part of the country.',
  },
  { name: 'API clients', description: 'Credentials for third-party front ends and reporting tools (admins only).' },
  { name: 'Audit', description: 'Who changed what, when: every change, with before and after.' },
  {
    name: 'Webhooks',
    description: `Subscriptions that receive events (see \`webhooks\`) as signed POSTs, with their delivery log. ${signatureRecipe}`,
  },
  {
    name: 'Events',
    description:
      'The published changes as a feed with a cursor, without gaps: the catch-up path for webhooks and BI tools.',
  },
  { name: 'Notifications', description: 'The e-mails to participants: sent, or kept when no mail server is set.' },
  { name: 'Health', description: 'Liveness and readiness for operators and load balancers.' },
];

/** The OpenAPI 3.1 `webhooks` object: one entry per event type. */
function webhooksDocument(): Record<string, Json> {
  return Object.fromEntries(
    eventTypes.map((type) => [
      type,
      {
        post: {
          operationId: `on${eventTitle(type)}`,
          summary: eventDescriptions[type],
          description: signatureRecipe,
          tags: ['Webhooks'],
          // Loket calls the receiver: no token, the signature headers prove the sender.
          security: [],
          parameters: [
            { name: 'webhook-id', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } },
            { name: 'webhook-timestamp', in: 'header', required: true, schema: { type: 'string', pattern: '^\\d+$' } },
            {
              name: 'webhook-signature',
              in: 'header',
              required: true,
              description: 'One or more `v1,<base64 signature>`, separated by spaces (two during a secret rotation)',
              schema: { type: 'string', pattern: '^v1,[A-Za-z0-9+/]+={0,2}( v1,[A-Za-z0-9+/]+={0,2})*$' },
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: eventEnvelopes[type] } } },
          responses: { '2XX': { description: 'Received; any other answer is retried' } },
        },
      },
    ]),
  );
}

export async function registerOpenApi(app: FastifyInstance, options: { publicUrl: string }): Promise<void> {
  app.addHook('onRoute', documentSharedContract);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Loket API',
        version: '1.0.0',
        description:
          'Loket runs the "Leertraject Frontoffice en basisvaardigheden" of the Dutch public libraries: ' +
          'organisations, participants, modules, cohorts, enrolments, meetings, certificates and reports.\n\n' +
          'Lists take `limit` (1-200), `cursor` (opaque, keyset) or `offset`, and `sort` (comma-separated, `-` for ' +
          'descending) and answer `{ data, page: { total, limit, nextCursor } }`. Errors are RFC 9457 ' +
          '`application/problem+json`, also those the HTTP layer raises: 400 for malformed HTTP or JSON, 413 for a ' +
          'body over 1 MB, 414 for an over-long path segment, 431 for a request line and headers over 16 kB. Invalid ' +
          'values answer 400 (path and query) or 422 (body) with `errors[]` naming each field. Ids are UUIDs in ' +
          'their canonical form (no `urn:uuid:` prefix, no braces); dates and moments lie within the years 0001 to ' +
          '9999 (UTC). Every record has a `version`; responses carry it as an `ETag`, and a ' +
          '`PATCH` or `DELETE` with a stale `If-Match` answers 412. A `POST` with an `Idempotency-Key` can be ' +
          'retried safely.\n\nEvery authenticated call counts against a per-minute budget of its caller (the ' +
          'person or API client the token names); beyond it calls answer 429 (`urn:problem:loket:rate-limited`) ' +
          'with `Retry-After` in seconds, and `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` ' +
          'tell how much is left.\n\nChanges are also published as events to webhook subscriptions (see `webhooks`) and ' +
          'in the feed at `GET /v1/events`. Lists that take `updatedSince` answer a `page.syncWatermark` to poll ' +
          'from next, so incremental sync never skips a change that commits late.',
        contact: { name: 'Loket', url: options.publicUrl },
        license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
      },
      servers: [{ url: options.publicUrl, description: 'This installation' }],
      tags: apiTags,
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'An access token from POST /v1/auth/token.',
          },
          basicAuth: {
            type: 'http',
            scheme: 'basic',
            description:
              'The LRS routes (/v1/xapi) also take an API client\u2019s client id and secret as HTTP Basic: a ' +
              'client with the scope write:progress is an LRS key and secret.',
          },
          oauth2: {
            type: 'oauth2',
            description: 'Sign in as a person (password) or as an API client (client credentials).',
            flows: {
              password: { tokenUrl: '/v1/auth/token', refreshUrl: '/v1/auth/token', scopes: {} },
              clientCredentials: {
                tokenUrl: '/v1/auth/token',
                scopes: Object.fromEntries(
                  apiClientScopes.map((scope) => [scope, `Allows: ${clientScopePermissions[scope].join(', ')}`]),
                ),
              },
            },
          },
        },
      },
    },
    transformObject: (documentObject) =>
      'openapiObject' in documentObject
        ? (describedResponses(
            optionalParametersWithoutExamples(
              defaultedParametersOptional(
                hoistNamedSchemas({
                  ...(documentObject.openapiObject as Record<string, Json>),
                  webhooks: webhooksDocument(),
                }),
              ),
            ),
          ) as typeof documentObject.openapiObject)
        : documentObject.swaggerObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true, validatorUrl: null },
    staticCSP: true,
  });
  app.get('/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
