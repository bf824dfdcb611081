import type { Connection, Database } from '@loket/db';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** The drizzle database; services take it (or a transaction) as their first argument. */
    db: Database;
    connection: Connection;
  }
}

/** Makes the connection available to every route; closing the app does not close it (its owner does). */
export const databasePlugin = fp<{ connection: Connection }>(
  async (app, { connection }) => {
    app.decorate('connection', connection);
    app.decorate('db', connection.db);
  },
  { name: 'loket-database' },
);
