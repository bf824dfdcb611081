import { expect } from 'vitest';

interface ResponseLike {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Asserts an RFC 9457 problem response of the given status (and, optionally, kind). */
export function expectProblem(response: ResponseLike, status: number, code?: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.body as {
    type: string;
    title: string;
    status: number;
    detail: string;
    code: string;
    params: Record<string, unknown>;
  };
  expect(body.status).toBe(status);
  // Every refusal says why in a form a client can translate, never only in English prose.
  expect(body.code).toMatch(/^[a-z0-9-]+$/);
  expect(body.params).toBeTypeOf('object');
  expect(body.title).toEqual(expect.any(String));
  expect(body.detail).toEqual(expect.any(String));
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
  if (code) expect(body.type).toBe(`urn:problem:loket:${code}`);
  return body as typeof body & {
    errors?: Array<{ path: string; message: string; code?: string; params?: Record<string, unknown> }>;
  };
}

/** Walks a list to its end by cursor, failing on any repeated record. */
export async function walkAll(
  fetchPage: (
    cursor: string | undefined,
  ) => Promise<{ data: Array<{ id: string }>; page: { nextCursor: string | null; total: number } }>,
) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let total = -1;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await fetchPage(cursor);
    total = page.page.total;
    ids.push(...page.data.map((r) => r.id));
    if (!page.page.nextCursor) break;
    cursor = page.page.nextCursor;
  }
  expect(new Set(ids).size).toBe(ids.length);
  return { ids, total };
}
