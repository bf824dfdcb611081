import Fastify from 'fastify';
import pg from 'pg';

/**
 * Benchmark (A): the least a server can do for Loket's participant list. Bare Fastify and pg, no
 * authentication, validation, ORM or response schema: the same SQL as `GET /v1/participants?limit=25`
 * for an adviser (the page in the POI's subtree by family name, plus the total), sent as JSON.
 */
const databaseUrl = process.env.DATABASE_URL;
const subtree = process.env.BENCH_SUBTREE_PATH;
if (!databaseUrl || !subtree) throw new Error('DATABASE_URL and BENCH_SUBTREE_PATH are required');

const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const inSubtree = 'organisation_id in (select o.id from organisations o where o.path like $1)';
const pageSql = `select id, organisation_id, given_name, name_infix, family_name, email, job_title, erased_at,
  created_at, updated_at, version from participants where ${inSubtree} order by family_name, id limit $2`;
const countSql = `select count(*)::int as n from participants where ${inSubtree}`;

const app = Fastify({ logger: false });
app.get<{ Querystring: { limit?: string } }>('/participants', async (request) => {
  const limit = Number(request.query.limit ?? 25);
  const pattern = `${subtree}%`;
  const page = await pool.query(pageSql, [pattern, limit + 1]);
  const total = await pool.query(countSql, [pattern]);
  return { data: page.rows.slice(0, limit), page: { total: total.rows[0].n, limit } };
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
