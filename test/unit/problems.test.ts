import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installProblems } from '../../api/src/plugins/problems';

/**
 * The last resort behind validation: a database error that says the input was bad becomes a 400 or
 * 422 problem with `errors[]`, never a 500 and never a problem without the field list.
 */
const app = Fastify();
const databaseError = (code: string) =>
  Object.assign(new Error(`database said ${code}`), { code, severity: 'ERROR', routine: 'x' });

beforeAll(async () => {
  installProblems(app);
  const fail = async (request: { query: unknown }) => {
    const { code } = request.query as { code: string };
    // As drizzle wraps it: the database's error is the cause.
    throw new Error('Failed query', { cause: databaseError(code) });
  };
  app.get('/fail', fail);
  app.post('/fail', fail);
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

describe('database errors about the input', () => {
  for (const code of ['22P02', '22007', '22008', '22003', '22001', '22021', '22P05', '22023', '23514']) {
    it(`${code} answers 400 to a read and 422 to a write, with errors[]`, async () => {
      for (const [method, status] of [
        ['GET', 400],
        ['POST', 422],
      ] as const) {
        const response = await app.inject({
          method,
          url: `/fail?code=${code}`,
          payload: method === 'POST' ? {} : undefined,
        });
        expect(response.statusCode).toBe(status);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        const problem = response.json();
        expect(problem).toMatchObject({ type: 'urn:problem:loket:validation', status });
        expect(problem.errors).toEqual([{ path: '/', message: expect.any(String) }]);
        expect(JSON.stringify(problem)).not.toContain('database said');
      }
    });
  }

  it('leaves other database errors a 500 without details', async () => {
    const response = await app.inject({ method: 'GET', url: '/fail?code=42P01' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ type: 'urn:problem:loket:internal' });
  });
});
