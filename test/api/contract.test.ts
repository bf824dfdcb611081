import { randomUUID } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

/**
 * The OpenAPI document as a contract: every answer described, every request body with an example
 * that is valid, PATCH as a JSON merge patch, no example ids in optional filters, and the problems a
 * route really answers documented on it.
 */

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  example?: unknown;
  examples?: unknown;
  schema?: Json & { format?: string; pattern?: string; examples?: unknown; example?: unknown };
}
interface Media {
  schema?: Json;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { description?: string }>;
  security?: unknown[];
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

let t: TestApp;
let document: Document;
let operations: Array<{ path: string; method: string; operation: Operation }>;
/** A participant's token: it may read its own records only. */
let participantToken: string;

beforeAll(async () => {
  t = await startTestApp({ content: false });
  document = (await t.http().get('/v1/openapi.json').expect(200)).body;
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
  const poi = await t
    .http()
    .post('/v1/organisations')
    .send({ kind: 'poi', parentId: t.kb.id, name: 'POI' })
    .expect(201);
  const library = await t
    .http()
    .post('/v1/organisations')
    .send({ kind: 'library', parentId: poi.body.id, name: 'Bibliotheek' })
    .expect(201);
  const participant = await t
    .http()
    .post('/v1/participants')
    .send({ organisationId: library.body.id, givenName: 'Anouk', familyName: 'Jansen', email: 'anouk@bieb.example' })
    .expect(201);
  participantToken = await t.tokenFor('participant', { participantId: participant.body.id });
});

afterAll(async () => {
  await t.close();
});

const label = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

function exampleOf(media: Media): unknown {
  if (media.example !== undefined) return media.example;
  return Object.values(media.examples ?? {})[0]?.value;
}

describe('the answers', () => {
  it('are each described in words of their own, not Fastify\u2019s placeholder', () => {
    const placeholders = operations.flatMap(({ path, method, operation }) =>
      Object.entries(operation.responses)
        .filter(([, response]) => !response.description?.trim() || response.description === 'Default Response')
        .map(
          ([status]) =>
            `${label(method, path)} answers ${status} as "Default Response": give that response schema a ` +
            '`description`, or a `title` naming the component it answers',
        ),
    );
    expect(placeholders).toEqual([]);
  });
});

describe('the request bodies', () => {
  const bodies = () =>
    operations.flatMap(({ path, method, operation }) =>
      Object.entries(operation.requestBody?.content ?? {}).map(([type, media]) => ({ path, method, type, media })),
    );

  it('each have an example', () => {
    expect(bodies().length).toBeGreaterThan(20);
    const missing = bodies()
      .filter(({ media }) => exampleOf(media) === undefined)
      .map(
        ({ path, method, type }) =>
          `${label(method, path)} (${type}) has no example: add \`examples: [...]\` to its TypeBox body schema`,
      );
    expect(missing).toEqual([]);
  });

  it('each have an example that is valid against the body\u2019s own schema', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const invalid = bodies().flatMap(({ path, method, type, media }) => {
      const example = exampleOf(media);
      if (example === undefined || !media.schema) return [];
      // The body schema refers to the document's components: validate it with them at its root.
      const validate = ajv.compile({ ...media.schema, components: document.components });
      return validate(example) ? [] : [`${label(method, path)} (${type}): ${ajv.errorsText(validate.errors)}`];
    });
    expect(invalid).toEqual([]);
  });

  it('of a PATCH are documented as JSON merge patches, with the same schema as application/json', () => {
    const patches = operations.filter(({ method, operation }) => method === 'patch' && operation.requestBody);
    expect(patches.length).toBeGreaterThan(5);
    for (const { path, operation } of patches) {
      const content = operation.requestBody?.content ?? {};
      expect(content['application/merge-patch+json']?.schema, `PATCH ${path}`).toEqual(
        content['application/json']?.schema,
      );
    }
  });
});

describe('PATCH with application/merge-patch+json', () => {
  it('applies the patch as application/json does', async () => {
    const created = await t
      .http()
      .post('/v1/organisations')
      .send({ kind: 'poi', parentId: t.kb.id, name: 'POI Noord', city: 'Groningen' })
      .expect(201);
    const patched = await t
      .http()
      .patch(`/v1/organisations/${created.body.id}`)
      .set('content-type', 'application/merge-patch+json')
      .send(JSON.stringify({ city: null, province: 'Groningen' }));
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'POI Noord', city: null, province: 'Groningen' });
  });

  it('is validated like any body: an unknown field answers 422', async () => {
    const response = await t
      .http()
      .patch(`/v1/organisations/${t.kb.id}`)
      .set('content-type', 'application/merge-patch+json')
      .send(JSON.stringify({ colour: 'blue' }));
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      {
        path: '/colour',
        message: 'is not a known field',
        code: 'additionalProperties',
        params: { additionalProperty: 'colour' },
      },
    ]);
  });

  it('is refused on a POST, which is no patch (415)', async () => {
    const response = await t
      .http()
      .post('/v1/organisations')
      .set('content-type', 'application/merge-patch+json')
      .send(JSON.stringify({ kind: 'poi', name: 'POI Zuid' }));
    expect(response.status).toBe(415);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('the optional parameters', () => {
  it('carry no examples, so that "Try it out" in /docs leaves the filters empty', async () => {
    const prefilled = operations.flatMap(({ path, method, operation }) =>
      (operation.parameters ?? [])
        .filter((parameter) => parameter.required !== true)
        .filter(
          (parameter) =>
            parameter.example !== undefined ||
            parameter.examples !== undefined ||
            parameter.schema?.example !== undefined ||
            parameter.schema?.examples !== undefined,
        )
        .map((parameter) => `${label(method, path)} ?${parameter.name}`),
    );
    expect(prefilled).toEqual([]);
    // The documentation page reads the same document.
    const docs = await t.http(null).get('/docs/json').expect(200);
    expect(docs.body).toEqual(document);
  });

  it('include the id filters of the lists, which would otherwise show an example id', () => {
    const list = document.paths['/v1/organisations']?.get;
    const parentId = list?.parameters?.find((parameter) => parameter.name === 'parentId');
    expect(parentId?.schema?.format).toBe('uuid');
    expect(parentId?.required).not.toBe(true);
  });
});

/** A value for a path parameter that names nothing that exists. */
function pathValue(parameter: Parameter): string {
  if (parameter.schema?.format === 'uuid') return randomUUID();
  if (parameter.name === 'moduleCode') return 'boekstart';
  return 'nothing-here';
}

function urlOf(path: string, operation: Operation, query = ''): string {
  let url = path;
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in === 'path') url = url.replace(`{${parameter.name}}`, encodeURIComponent(pathValue(parameter)));
  }
  return `${url}${query}`;
}

const firstMedia = (operation: Operation) => Object.entries(operation.requestBody?.content ?? {})[0];

/** Sends a request as the operation describes it: its required headers, and the body given. */
function call(token: string | null, method: string, url: string, operation: Operation, body?: unknown) {
  let request = t.http(token)[method as 'get'](url);
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in === 'header' && parameter.required && parameter.example !== undefined) {
      request = request.set(parameter.name, String(parameter.example));
    }
  }
  const media = firstMedia(operation);
  if (media && body !== undefined) {
    const [type] = media;
    request = request.set('content-type', type).send(typeof body === 'string' ? body : JSON.stringify(body));
  }
  return request;
}

describe('the documented problems', () => {
  it('include every status a route answers: without credentials, with unknown ids, bad filters and bodies', async () => {
    const undocumented: string[] = [];
    const seen = new Set<number>();
    const check = (method: string, path: string, operation: Operation, how: string, status: number) => {
      seen.add(status);
      if (status < 400) return;
      if (!(String(status) in operation.responses)) {
        undocumented.push(`${label(method, path)} ${how} answered ${status}, which it does not document`);
      }
    };
    for (const { path, method, operation } of operations) {
      const media = firstMedia(operation);
      const example = media ? exampleOf(media[1]) : undefined;
      const url = urlOf(path, operation);
      check(method, path, operation, 'without a token', (await call(null, method, url, operation, example)).status);
      check(
        method,
        path,
        operation,
        'with a broken token',
        (await call('not-a-token', method, url, operation, example)).status,
      );
      check(
        method,
        path,
        operation,
        'as a participant',
        (await call(participantToken, method, url, operation, example)).status,
      );
      check(
        method,
        path,
        operation,
        'as an admin, with ids that name nothing',
        (await call(t.adminToken, method, url, operation, example)).status,
      );
      if (media) {
        check(
          method,
          path,
          operation,
          'as an admin, with an empty body',
          (await call(t.adminToken, method, url, operation, media[0].includes('json') ? {} : '')).status,
        );
      }
      if ((operation.parameters ?? []).some((parameter) => parameter.in === 'query')) {
        const bad = urlOf(path, operation, '?limit=0&sort=nonsense&updatedSince=yesterday&unknownFilter=1');
        check(
          method,
          path,
          operation,
          'as an admin, with bad filters',
          (await call(t.adminToken, method, bad, operation, example)).status,
        );
      }
    }
    expect(undocumented).toEqual([]);
    // The calls reached every kind of refusal, so the comparison above was not vacuous.
    expect([...seen]).toEqual(expect.arrayContaining([200, 400, 401, 403, 404, 422]));
  });

  it('documents 400 on a list with a bad filter, as it answers', async () => {
    const response = await t.http().get('/v1/organisations?kind=castle');
    expect(response.status).toBe(400);
    expect(document.paths['/v1/organisations']?.get?.responses).toHaveProperty('400');
  });

  it('documents 422 where a body is validated, as it answers', async () => {
    const response = await t.http().post('/v1/organisations').send({ kind: 'castle' });
    expect(response.status).toBe(422);
    expect(document.paths['/v1/organisations']?.post?.responses).toHaveProperty('422');
  });

  it('documents 412 where If-Match applies, as it answers', async () => {
    const response = await t
      .http()
      .patch(`/v1/organisations/${t.kb.id}`)
      .set('if-match', '"999"')
      .send({ city: 'Den Haag' });
    expect(response.status).toBe(412);
    expect(document.paths['/v1/organisations/{id}']?.patch?.responses).toHaveProperty('412');
    expect(document.paths['/v1/organisations/{id}']?.get?.responses).not.toHaveProperty('412');
  });

  it('documents 403 only where a route needs a permission, and 401 wherever a token is read', async () => {
    expect((await t.http(null).get('/v1/organisations')).status).toBe(401);
    expect((await t.http(participantToken).get('/v1/users')).status).toBe(403);
    // A public route needs no token, but refuses a broken one.
    expect((await t.http('not-a-token').get('/v1/xapi/about')).status).toBe(401);
    expect((await t.http(null).get('/v1/xapi/about')).status).toBe(200);
    for (const { path, method, operation } of operations) {
      const needsToken = (operation.security ?? []).length > 0;
      expect('403' in operation.responses, `${label(method, path)} 403`).toBe(needsToken);
      if (path.startsWith('/v1/')) expect(operation.responses, `${label(method, path)} 401`).toHaveProperty('401');
    }
    expect(document.paths['/health/live']?.get?.responses).not.toHaveProperty('401');
  });

  it('documents 404 where a path names a record, 429 and 503 on every route that can answer them', () => {
    for (const { path, method, operation } of operations) {
      const responses = operation.responses;
      if ((operation.parameters ?? []).some((parameter) => parameter.in === 'path')) {
        expect(responses, `${label(method, path)} 404`).toHaveProperty('404');
      }
      // Every API route that needs a token counts against the caller's budget.
      if (path.startsWith('/v1/') && (operation.security ?? []).length > 0) {
        expect(responses, `${label(method, path)} 429`).toHaveProperty('429');
      }
      // Only the liveness probe answers whatever the load and the database.
      if (path !== '/health/live') expect(responses, `${label(method, path)} 503`).toHaveProperty('503');
    }
    expect(document.paths['/health/live']?.get?.responses).not.toHaveProperty('503');
  });
});
