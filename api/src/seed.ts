import {
  type Connection,
  type DemoAccount,
  type LoadedProgramme,
  organisations,
  seedDemoUsers,
  seedScale,
  seedStory,
  settlePendingEvents,
} from '@loket/db';
import type { SeedMode } from './config';
import type { KeyPairJson } from './credentials/index';
import { systemCaller } from './lib/caller';
import { createIssuer } from './lib/issuer';
import { hashPassword } from './lib/passwords';
import { issue } from './resources/certificates/service';

/** The password of every demo account of the pilot seed (documented in the README). */
export const demoPassword = 'loket-demo';

export interface SeedOutcome {
  description: string;
  accounts: DemoAccount[];
}

/** What seeded certificates are signed with: the key and address the API will serve them from. */
export interface SeedSigning {
  publicUrl: string;
  issuerKey: KeyPairJson;
}

/**
 * Seeds an empty database as configured; a database that has organisations is left alone. The
 * story's certificates go through the certificate service as an adviser's would: checked against the
 * completion rule, numbered, signed with the issuer key and audited, on the day the story issued them.
 */
export async function seedIfEmpty(
  connection: Connection,
  mode: SeedMode,
  content: LoadedProgramme,
  signing: SeedSigning,
  asOf: Date = new Date(),
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
  const story = await seedStory(connection.db, { content, asOf });
  const accounts = await seedDemoUsers(connection.db, story, await hashPassword(demoPassword));
  const context = {
    publicUrl: signing.publicUrl,
    issuer: await createIssuer(signing.publicUrl, content.commissioners, signing.issuerKey),
  };
  await connection.db.transaction(async (tx) => {
    const ctx = { db: tx, caller: systemCaller, requestId: 'seed' };
    for (const planned of story.certificates) await issue(ctx, planned.enrolmentId, context, planned.issuedAt);
    // The story happened before anyone subscribed: no webhooks or e-mails about it now.
    await settlePendingEvents(tx);
  });
  return {
    description:
      `the programme's story: the pilot in three libraries (2018-2019), the rollout of 2019 and the groups of ` +
      `these months; ${story.participants} participants, ${story.cohorts} groups, ${story.certificates.length} certificates`,
    accounts,
  };
}
