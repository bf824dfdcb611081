import Fastify from 'fastify';
import pg from 'pg';

/**
 * The bare server Loket is measured against: Fastify and pg, no authentication, validation, ORM or
 * response schema. It runs exactly the SQL Loket runs for the same request (captured from Loket's
 * own query code by the benchmark and passed in BENCH_QUERIES, with the same parameters, so the same
 * rows in the same order), and a simplest-query route (ORDER BY id) that shows what the query costs.
 */
interface Query {
  text: string;
  params: unknown[];
}
const databaseUrl = process.env.DATABASE_URL;
const captured = process.env.BENCH_QUERIES;
if (!databaseUrl || !captured) throw new Error('DATABASE_URL and BENCH_QUERIES are required');
const queries = JSON.parse(captured) as { list: Query[]; read: Query[]; readId: string };

// Loket's pool settings (db/src/connect.ts): the same connections, kept as long when idle.
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, idleTimeoutMillis: 300_000 });
const isPage = (q: Query) => /\blimit\b/i.test(q.text) && !/\bcount\(/i.test(q.text);
const isCount = (q: Query) => /\bcount\(/i.test(q.text);

const app = Fastify({ logger: false });

app.get<{ Querystring: { limit?: string } }>('/participants', async (request) => {
  const limit = Number(request.query.limit ?? 25);
  let data: unknown[] = [];
  let total = 0;
  // One after the other, as Loket sends them.
  for (const q of queries.list) {
    const result = await pool.query(q.text, q.params);
    if (isPage(q)) data = result.rows.slice(0, limit);
    else if (isCount(q)) total = Number(result.rows[0]?.count ?? Object.values(result.rows[0] ?? {})[0]);
  }
  return { data, page: { total, limit } };
});

app.get<{ Params: { id: string } }>('/participants/:id', async (request, reply) => {
  let row: unknown;
  for (const q of queries.read) {
    const params = q.params.map((p) => (p === queries.readId ? request.params.id : p));
    row = (await pool.query(q.text, params)).rows[0];
  }
  if (!row) return reply.code(404).send({ status: 404 });
  return row;
});

app.get<{ Querystring: { limit?: string } }>('/participants-by-id', async (request) => {
  const limit = Number(request.query.limit ?? 25);
  const result = await pool.query('select * from participants order by id limit $1', [limit]);
  return { data: result.rows };
});

const port = Number(process.env.PORT ?? 3101);
await app.listen({ port, host: '127.0.0.1' });
process.stdout.write(`baseline listening on ${port}\n`);
const stop = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
