import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
type Operation = { operationId?: string; tags?: string[]; summary?: string; responses: Record<string, unknown> };
let document: {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

beforeAll(async () => {
  t = await startTestApp({ content: false });
  document = (await t.http().get('/v1/openapi.json').expect(200)).body;
});

afterAll(async () => {
  await t.close();
});

describe('GET /v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document with named schemas', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Organisation', 'Participant', 'Module', 'Programme', 'Problem', 'PageInfo']),
    );
  });

  it('describes every operation with a unique operationId, a tag, a summary and its problem responses', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(14);
    const ids = operations.map((o) => o.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, operation } of operations) {
      expect(operation.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
      expect(operation.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
      expect(operation.summary, `${method} ${path}`).toBeTruthy();
      if (path.startsWith('/v1/')) {
        const problems = Object.keys(operation.responses).filter((status) => status.startsWith('4'));
        expect(problems.length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
  });

  it('matches the committed openapi/openapi.json', async () => {
    const committed = JSON.parse(await readFile(new URL('../../openapi/openapi.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(document);
  });
});

describe('GET /docs', () => {
  it('serves the interactive documentation', async () => {
    const response = await t.http().get('/docs/').redirects(1);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
  });
});
