import {
  type Connection,
  type DemoAccount,
  type LoadedProgramme,
  organisations,
  seedDemoUsers,
  seedPilot,
  seedScale,
} from '@loket/db';
import type { SeedMode } from './config';
import { hashPassword } from './lib/passwords';

/** The password of every demo account of the pilot seed (documented in the README). */
export const demoPassword = 'loket-demo';

export interface SeedOutcome {
  description: string;
  accounts: DemoAccount[];
}

/** Seeds an empty database as configured; a database that has organisations is left alone. */
export async function seedIfEmpty(
  connection: Connection,
  mode: SeedMode,
  content: LoadedProgramme,
): Promise<SeedOutcome | null> {
  if (mode.kind === 'none') return null;
  const [existing] = await connection.db.select({ id: organisations.id }).from(organisations).limit(1);
  if (existing) return null;
  if (mode.kind === 'scale') {
    const summary = await seedScale(connection.db, { participants: mode.participants, content });
    const accounts = await seedDemoUsers(
      connection.db,
      { kbId: summary.kbId, poiIds: null, libraries: [] },
      await hashPassword(demoPassword),
    );
    return {
      description: `a national rollout: ${summary.pois} POIs, ${summary.libraries} libraries, ${summary.participants} participants`,
      accounts,
    };
  }
  const pilot = await seedPilot(connection.db, { content });
  const accounts = await seedDemoUsers(connection.db, pilot, await hashPassword(demoPassword));
  return { description: `the pilot: three libraries, ${pilot.participants} participants`, accounts };
}
