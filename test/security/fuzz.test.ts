import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

/**
 * Every documented operation gets generated requests, valid-ish and hostile, in its path, query,
 * headers and body, sent as the national admin. FUZZ_REQUESTS sets the total (CI: 10,000 on
 * PostgreSQL); the default keeps `pnpm test` quick.
 */
const totalRequests = Number(process.env.FUZZ_REQUESTS ?? 1000);

type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  examples?: unknown[];
};
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: { type: string; schema: Schema };
  /** The statuses its OpenAPI entry documents. */
  statuses: string[];
}

const document = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema: Schema }> };
        responses?: Record<string, unknown>;
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
};
const resolve = (schema: Schema): Schema =>
  schema.$ref ? resolve(document.components.schemas[schema.$ref.split('/').pop() as string] as Schema) : schema;

const operations: Operation[] = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, spec]) => {
    const [type, content] = Object.entries(spec.requestBody?.content ?? {})[0] ?? [];
    return {
      method: method.toUpperCase(),
      path,
      parameters: spec.parameters ?? [],
      statuses: Object.keys(spec.responses ?? {}),
      ...(type && content ? { body: { type, schema: content.schema } } : {}),
    };
  }),
);

/** What attackers and careless clients send. */
const nasty = [
  "' OR 1=1 --",
  "1' OR '1'='1",
  '"; drop table participants; --',
  '%00',
  'a\u0000b',
  '../../etc/passwd',
  '..%2F..%2F',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell probe, literally
  '${jndi:ldap://x}',
  '{{7*7}}',
  'Ĳsselmonde ✓ ü é 漢字 🙂',
  '\uD800',
  '\u202Egnp.exe',
  '%',
  '_',
  '*',
  '\\',
  ' ',
  '',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  // Ids and dates PostgreSQL refuses though a lenient validator takes them.
  `urn:uuid:${randomUUID()}`,
  '{019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d}',
  '019367a24c1e7b7a9c3e2f1d8a6b5c4d',
  '0000-01-01',
  '0000-01-01T00:00:00Z',
  '9999-12-31',
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T23:00:00-05:00',
  '+010000-01-01T00:00:00.000Z',
  '2016-12-31T23:59:60Z',
  '2147483648',
  '-2147483649',
  '1e20',
  'x'.repeat(10_000),
];
const hostileString = fc.oneof(
  fc.constantFrom(...nasty),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.string({ unit: 'grapheme', minLength: 1000, maxLength: 3000 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 10 }), hostileString, { maxKeys: 3 }),
  // Deeply nested: a parser or validator that recurses must not fall over.
  fc.constant(JSON.parse(`${'['.repeat(500)}${']'.repeat(500)}`)),
);

let knownIds: string[] = [];
/** Known and unknown ids, and known ones in the spellings PostgreSQL refuses. */
const someId = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...knownIds) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constant(randomUUID()) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...knownIds)
        .chain((id) => fc.constantFrom(`urn:uuid:${id}`, `{${id}}`, id.replaceAll('-', ''), id.toUpperCase())),
    },
  );
/** Dates and moments from everyday ones to the edges of what the database holds, and just past them. */
const someDate = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('2019-03-04', '2019-06-03', '2020-02-29', '2018-11-19') },
    { weight: 1, arbitrary: fc.constantFrom('0001-01-01', '9999-12-31', '9999-12-01', '0000-01-01', '2019-02-29') },
  );
const someMoment = () =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .date({ min: new Date('2018-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString()),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '0001-01-01T00:00:00Z',
        '9999-12-31T23:59:59.999Z',
        '0000-01-01T00:00:00Z',
        '0001-01-01T00:00:00+01:00',
        '9999-12-31T23:00:00-05:00',
        '2016-12-31T23:59:60Z',
      ),
    },
  );
/** Cursors a client changed: valid base64 JSON whose values no column takes. */
const tamperedCursor = fc
  .tuple(
    fc.constantFrom('familyName', 'createdAt', 'name', 'position', 'startsOn', 'issuedAt', 'occurredAt'),
    fc.constantFrom<unknown>(
      '0000-01-01T00:00:00.000Z',
      '+275760-09-13T00:00:00.000Z',
      '9999-12-31',
      '0000-01-01',
      1e20,
      -1e20,
      2_147_483_648,
      'a\u0000b',
      `urn:uuid:${randomUUID()}`,
      null,
    ),
  )
  .chain(([sort, value]) =>
    fc.constantFrom(
      Buffer.from(JSON.stringify({ s: sort, v: [value, randomUUID()] })).toString('base64url'),
      Buffer.from(JSON.stringify({ s: sort, v: ['x', value] })).toString('base64url'),
      Buffer.from(JSON.stringify([value, value])).toString('base64url'),
    ),
  );
let emailCounter = 0;

/** Values the schema allows (mostly): the requests that get past validation to the services. */
function valid(raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(raw);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => valid(s, depth + 1)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  switch (schema.type) {
    case 'string': {
      if (schema.format === 'uuid') return someId();
      if (schema.format === 'date') return someDate();
      if (schema.format === 'date-time') return someMoment();
      if (schema.format === 'email')
        return fc.constant(null).map(() => `fuzz.${++emailCounter}.${Date.now()}@fuzz.example`);
      if (schema.format === 'uri') return fc.constantFrom('https://example.org/x', 'http://localhost:3000/a');
      if (schema.pattern) {
        const examples = (schema.examples ?? []) as string[];
        return fc.oneof(
          ...(examples.length ? [fc.constantFrom(...examples)] : []),
          fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 200)),
        );
      }
      const examples = (schema.examples ?? []) as string[];
      const text = fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
      return examples.length ? fc.oneof(fc.constantFrom(...examples), text) : text;
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -5, max: Math.min(schema.maximum ?? 1000, 1_000_000) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -5, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (depth > 3) return fc.constant([]);
      const options = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) };
      const items = valid(schema.items ?? {}, depth + 1);
      return schema.uniqueItems
        ? fc.uniqueArray(items, { ...options, selector: (v) => JSON.stringify(v) })
        : fc.array(items, options);
    }
    case 'object': {
      if (depth > 3) return fc.constant({});
      const properties = schema.properties ?? {};
      return fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, valid(value, depth + 1)])),
        { requiredKeys: (schema.required ?? []).filter((key) => key in properties) },
      );
    }
    default:
      return hostileValue;
  }
}

/** A valid-ish object with one thing wrong: a required field missing, a field of the wrong kind, or one too many. */
function mutated(schema: Schema): fc.Arbitrary<unknown> {
  return valid(schema).chain((value) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return hostileValue;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    const choices: fc.Arbitrary<unknown>[] = [
      fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), hostileValue).map(([key, extra]) => ({
        ...record,
        [`x_${key}`]: extra,
      })),
    ];
    if (keys.length > 0) {
      choices.push(
        fc.constantFrom(...keys).map((key) => {
          const { [key]: _dropped, ...rest } = record;
          return rest;
        }),
        fc.tuple(fc.constantFrom(...keys), hostileValue).map(([key, wrong]) => ({ ...record, [key]: wrong })),
      );
    }
    return fc.oneof(...choices);
  });
}

const csvBody = fc.oneof(
  fc.constant('voornaam;achternaam;e-mail\nFuzz;Persoon;fuzz.csv@fuzz.example'),
  fc.constant('voornaam,achternaam\n"unterminated'),
  fc.constant(`voornaam;achternaam;e-mail\n${"' OR 1=1 --;x;y\n".repeat(50)}`),
  hostileString,
);

/** Percent-encodes, with lone surrogates (which cannot be encoded) as U+FFFD, as a browser sends them. */
const encodePath = (value: string) =>
  encodeURIComponent(
    value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );
const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
const headerSafe = (value: string) => value.replace(/[^\x20-\x7e]/g, '').slice(0, 300);

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** The operation's documented statuses. */
  statuses: string[];
}

function requestFor(operation: Operation): fc.Arbitrary<Sent> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const headerParams = operation.parameters.filter((p) => p.in === 'header');
  const pathValue = (p: Parameter) =>
    fc.oneof(
      { weight: 3, arbitrary: valid(p.schema).map((v) => encodePath(asText(v))) },
      { weight: 1, arbitrary: hostileString.map(encodePath) },
      { weight: 1, arbitrary: fc.constantFrom('..%2F..%2Fetc%2Fpasswd', '%00', '..', '%2e%2e', "'%20OR%201=1%20--") },
    );
  const queryValue = (p: Parameter) =>
    fc.option(
      fc.oneof(
        { weight: 3, arbitrary: valid(p.schema).map(asText) },
        { weight: 1, arbitrary: p.name === 'cursor' ? tamperedCursor : hostileString },
      ),
      {
        nil: undefined,
        freq: 2,
      },
    );
  const body = operation.body
    ? operation.body.type === 'text/csv'
      ? csvBody
      : fc.oneof(
          { weight: 3, arbitrary: valid(operation.body.schema).map((v) => JSON.stringify(v)) },
          { weight: 3, arbitrary: mutated(operation.body.schema).map((v) => JSON.stringify(v)) },
          { weight: 1, arbitrary: hostileValue.map((v) => JSON.stringify(v)) },
          { weight: 1, arbitrary: fc.constantFrom('{"a":', 'not json', '', '{"__proto__":{"admin":true}}', '\u0000') },
        )
    : fc.constant(undefined);
  return fc
    .record({
      path: fc.tuple(...pathParams.map(pathValue)),
      query: fc.tuple(...queryParams.map(queryValue)),
      extraQuery: fc.option(fc.tuple(fc.constantFrom('x', 'filter[id]', 'sort', '__proto__'), hostileString), {
        freq: 4,
      }),
      headers: fc.tuple(...headerParams.map((p) => fc.option(fc.oneof(valid(p.schema).map(asText), hostileString)))),
      body,
    })
    .map(({ path, query, extraQuery, headers, body: payload }) => {
      let url = operation.path;
      pathParams.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, path[i] as string);
      });
      const search = new URLSearchParams();
      queryParams.forEach((p, i) => {
        const value = query[i];
        if (value !== undefined) search.append(p.name, value);
      });
      if (extraQuery) search.append(extraQuery[0], extraQuery[1]);
      const sent: Sent = {
        method: operation.method,
        url: search.size ? `${url}?${search}` : url,
        headers: {},
        statuses: operation.statuses,
      };
      headerParams.forEach((p, i) => {
        const value = headers[i];
        if (value !== null && value !== undefined) sent.headers[p.name] = headerSafe(value);
      });
      if (payload !== undefined) {
        sent.payload = payload;
        sent.headers['content-type'] = operation.body?.type === 'text/csv' ? 'text/csv' : 'application/json';
      }
      return sent;
    });
}

let t: TestApp;
let sentTotal = 0;

async function send(request: Sent) {
  sentTotal += 1;
  const response = await t.app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers: { authorization: `Bearer ${t.adminToken}`, ...request.headers },
    ...(request.payload !== undefined ? { payload: request.payload } : {}),
  });
  const where = `${request.method} ${request.url.slice(0, 200)} ${String(request.payload).slice(0, 200)}\n→ ${response.statusCode} ${response.body.slice(0, 300)}`;
  expect(response.statusCode, where).toBeLessThan(500);
  if (response.statusCode >= 400) {
    expect(response.headers['content-type'], where).toMatch(/^application\/problem\+json/);
    const problem = response.json() as { type?: unknown; title?: unknown; status?: unknown; errors?: unknown };
    expect(typeof problem.type, where).toBe('string');
    expect(typeof problem.title, where).toBe('string');
    expect(problem.status, where).toBe(response.statusCode);
    // Bad input is a problem the operation documents, and an invalid value is named in errors[].
    // (A path with a `..` segment lands on another operation: its statuses are that one's.)
    const rerouted = /\/(\.\.|%2e%2e)(\/|$)/i.test(request.url.split('?')[0] ?? '');
    if ((response.statusCode === 400 || response.statusCode === 422) && !rerouted) {
      expect(request.statuses, where).toContain(String(response.statusCode));
    }
    if (problem.type === 'urn:problem:loket:validation') {
      expect(Array.isArray(problem.errors) && problem.errors.length > 0, where).toBe(true);
    }
  }
  return response;
}

/** Row counts and the newest change of every table: a rejected write must leave all of it alone. */
async function fingerprint(): Promise<string> {
  const tables = await t.database.connection.executeSql(
    `select c.table_name, bool_or(c.column_name = 'updated_at') as has_updated_at
       from information_schema.columns c join information_schema.tables t
         on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      group by c.table_name order by c.table_name`,
  );
  const parts = tables.rows.map(
    (row) =>
      `select '${row.table_name}' as name, count(*)::text as count, ${
        row.has_updated_at ? 'max(updated_at)::text' : "''"
      } as newest from "${row.table_name}"`,
  );
  const result = await t.database.connection.executeSql(parts.join(' union all '), []);
  return JSON.stringify(result.rows.sort((a, b) => String(a.name).localeCompare(String(b.name))));
}

beforeAll(async () => {
  t = await startTestApp();
  const post = async (url: string, body: object) => {
    const response = await t.http().post(url).send(body);
    expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
    return response.body.id as string;
  };
  const poi = await post('/v1/organisations', { kind: 'poi', name: 'Rijnbrink', parentId: t.kb.id });
  const library = await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Arnhem', parentId: poi });
  const participant = await post('/v1/participants', {
    organisationId: library,
    givenName: 'Fuzz',
    familyName: 'Doelwit',
    email: 'doelwit@fuzz.example',
  });
  const cohort = await post('/v1/cohorts', {
    organisationId: library,
    phase: 'rollout',
    startsOn: '2019-03-04',
    endsOn: '2019-06-03',
  });
  const enrolment = await post('/v1/enrolments', { cohortId: cohort, participantId: participant });
  const sessions = (await t.http().get(`/v1/sessions?cohortId=${cohort}`)).body.data as Array<{ id: string }>;
  knownIds = [t.kb.id, poi, library, participant, cohort, enrolment, ...sessions.map((s) => s.id)];
}, 180_000);

afterAll(async () => {
  await t.close();
});

describe('generated requests to every documented operation', () => {
  const runs = Math.max(1, Math.ceil(totalRequests / operations.length));
  for (const operation of operations) {
    it(`${operation.method} ${operation.path}: never a 5xx, every 4xx a problem`, { timeout: 600_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(requestFor(operation), async (request) => {
          await send(request);
        }),
        { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000) },
      );
    });
  }

  it(`sent at least ${totalRequests} requests in all`, () => {
    expect(sentTotal).toBeGreaterThanOrEqual(totalRequests);
  });
});

describe('rejected writes', () => {
  it('change nothing in the database', { timeout: 600_000 }, async () => {
    const writes = operations.filter(
      (o) =>
        o.method !== 'GET' &&
        !o.path.startsWith('/v1/auth/') &&
        o.body?.type === 'application/json' &&
        resolve(o.body.schema).additionalProperties === false,
    );
    expect(writes.length).toBeGreaterThan(10);
    const before = await fingerprint();
    const rejected = fc
      .constantFrom(...writes)
      .chain((operation) =>
        fc.tuple(
          requestFor({ ...operation, body: undefined }),
          valid(operation.body?.schema ?? {}),
          fc.string({ minLength: 1, maxLength: 8 }),
          hostileValue,
        ),
      );
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(rejected, async ([request, body, key, extra]) => {
        // An unknown field makes any body invalid, however right the rest of it is.
        const payload = JSON.stringify({ ...(body as object), [`unknown_${key}`]: extra });
        const response = await send({
          ...request,
          payload,
          headers: { ...request.headers, 'content-type': 'application/json' },
        });
        sent += 1;
        expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: Math.max(200, Math.ceil(totalRequests / 10)) },
    );
    expect(sent).toBeGreaterThanOrEqual(200);
    expect(await fingerprint()).toBe(before);
  });
});

describe('huge query strings over HTTP', () => {
  it('answer problems: 431 past the 16 kB header limit, and never a 5xx below it', { timeout: 600_000 }, async () => {
    // Node's HTTP parser refuses these before Fastify sees them: only a real socket reaches it.
    const server = t.app.server;
    if (!server.address()) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const bound = server.address();
    if (!bound || typeof bound === 'string') throw new Error('not listening');
    const reads = operations.filter((o) => o.method === 'GET');
    const huge = fc.record({
      operation: fc.constantFrom(...reads),
      name: fc.constantFrom('q', 'cursor', 'sort', 'x', 'organisationId'),
      size: fc.oneof(fc.integer({ min: 1_000, max: 15_000 }), fc.integer({ min: 17_000, max: 200_000 })),
      id: fc.constantFrom(...knownIds),
    });
    await fc.assert(
      fc.asyncProperty(huge, async ({ operation, name, size, id }) => {
        sentTotal += 1;
        const path = operation.path.replace(/\{[^}]+\}/g, id);
        // A redirect (the sign-in callback's) is an answer in itself: it is not followed.
        const response = await fetch(`http://127.0.0.1:${bound.port}${path}?${name}=${'x'.repeat(size)}`, {
          headers: { authorization: `Bearer ${t.adminToken}` },
          redirect: 'manual',
        });
        const text = await response.text();
        const where = `GET ${path}?${name}=x×${size} → ${response.status} ${text.slice(0, 200)}`;
        if (size > 16_384) expect(response.status, where).toBe(431);
        expect(response.status, where).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers.get('content-type'), where).toMatch(/^application\/problem\+json/);
          expect(JSON.parse(text).status, where).toBe(response.status);
        }
      }),
      {
        numRuns: Math.max(50, Math.ceil(totalRequests / 20)),
        seed: Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000),
      },
    );
  });
});
