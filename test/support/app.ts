import { buildApp } from '@loket/api';
import { loadContent, syncContent } from '@loket/db';
import type { FastifyInstance } from 'fastify';
import supertest from 'supertest';
import { freshDatabase, type TestDatabase } from './database';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  http: () => ReturnType<typeof supertest>;
  close(): Promise<void>;
}

/** The real app on a fresh database, with the programme content loaded; no port is opened. */
export async function startTestApp(options: { content?: boolean } = {}): Promise<TestApp> {
  const database = await freshDatabase();
  if (options.content !== false) await syncContent(database.connection.db, await loadContent());
  const app = await buildApp({ connection: database.connection });
  await app.ready();
  return {
    app,
    database,
    http: () => supertest(app.server),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
