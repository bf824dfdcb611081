import { certificatesToResign, type Database, forgetStatusListsOfOtherIssuers } from '@loket/db';
import { type CertificateContext, resignStoredCredential } from '../resources/certificates/service';

const batchSize = 25;

/**
 * Brings what Loket stores up to its current issuer: status lists another issuer signed are signed
 * again when next read, and stored credentials from before did:web (or from another PUBLIC_URL, or
 * with a single proof object) are signed again, batch by batch, each batch in a transaction. Answers
 * how many credentials it signed again; `stopped` ends it between batches.
 */
export async function upgradeStoredCredentials(
  db: Database,
  context: CertificateContext,
  stopped: () => boolean = () => false,
): Promise<number> {
  await forgetStatusListsOfOtherIssuers(db, context.issuer.id);
  let upgraded = 0;
  while (!stopped()) {
    const count = await db.transaction(async (tx) => {
      const rows = await certificatesToResign(tx, context.issuer.id, batchSize);
      for (const row of rows) await resignStoredCredential(tx, row, context);
      return rows.length;
    });
    upgraded += count;
    if (count < batchSize) break;
  }
  return upgraded;
}

/**
 * Runs the upgrade in the background of a process that does background work; answers how to stop
 * it. With `exclusive`, a process skips it while another one runs it.
 */
export function startCredentialUpgrade(
  db: Database,
  context: CertificateContext,
  log: { info(details: object, message: string): void; error(details: object, message: string): void },
  exclusive: (work: () => Promise<number>) => Promise<number | undefined> = (work) => work(),
): () => Promise<void> {
  let stop = false;
  const running = exclusive(() => upgradeStoredCredentials(db, context, () => stop))
    .then((upgraded) => {
      if (upgraded !== undefined && upgraded > 0)
        log.info({ upgraded }, 'stored credentials signed again by the current issuer');
    })
    .catch((error: unknown) => log.error({ err: error }, 'signing stored credentials again failed'));
  return async () => {
    stop = true;
    await running;
  };
}
