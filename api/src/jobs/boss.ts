import type { Connection } from '@loket/db';
import PgBoss from 'pg-boss';

/**
 * pg-boss in Loket's own database, through the same connection (PGlite or the pg pool), so there
 * is no broker to run and PGlite works too.
 */
export async function startBoss(connection: Connection, onError: (error: Error) => void): Promise<PgBoss> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => connection.executeSql(text, values) },
    schema: 'pgboss',
    supervise: true,
    schedule: false,
  });
  boss.on('error', onError);
  await boss.start();
  return boss;
}
