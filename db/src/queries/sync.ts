import { sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { epochMs } from './named';

/**
 * How far a watermark stays behind the oldest running transaction's start: more than the rounding
 * of stored stamps to milliseconds, with room for small adjustments of the server's clock.
 */
const watermarkMarginMs = 1000;

/**
 * A moment before which every write is committed and visible, for incremental readers: a change
 * not yet visible belongs to a transaction still running, and its rows are stamped (updated_at,
 * stored) by the database's clock after that transaction announced its start, so after the oldest
 * start of a running transaction in this database. Read it before the rows it goes with; polling
 * from it can then never skip a slow transaction that commits later.
 *
 * Each backend announces its transaction's start in pg_stat_activity unless `track_activities` is
 * off; then the start of the connection stands in for it (earlier, so still safe). Only sessions
 * the database role may see count: Loket's own role must be the only one writing these tables (or
 * hold pg_read_all_stats). Autovacuum never stamps rows, and may run long.
 */
export async function readSyncWatermark(db: Database): Promise<Date> {
  const [row] = await db
    .select({
      at: epochMs(sql`least(clock_timestamp(), min(case when current_setting('track_activities')::boolean
        then xact_start else backend_start end))`),
    })
    .from(sql`pg_stat_activity`)
    .where(sql`datname = current_database() and backend_type <> 'autovacuum worker'`);
  if (row?.at === undefined) throw new Error('the database answered no time');
  return new Date(row.at - watermarkMarginMs);
}
