import { readdir, readFile } from 'node:fs/promises';
import { insertWebhookSubscription, webhookSubscriptions } from '@loket/db';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureHeader } from '../../api/src/resources/webhooks/rules';
import { freshDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;

beforeAll(async () => {
  database = await freshDatabase();
});

afterAll(async () => {
  await database.drop();
});

const migrations = new URL('../../db/migrations/', import.meta.url);

/** Every statement of every migration, as drizzle runs them. */
async function migrationStatements(): Promise<string[]> {
  const files = (await readdir(migrations)).filter((file) => file.endsWith('.sql'));
  const texts = await Promise.all(files.map((file) => readFile(new URL(file, migrations), 'utf8')));
  return texts.flatMap((text) => text.split('--> statement-breakpoint').map((statement) => statement.trim()));
}

describe('the migration of secrets made before Standard Webhooks', () => {
  it('become the same key in base64, which the standardwebhooks package reads; newer ones stay', async () => {
    const db = database.connection.db;
    // Bytes whose base64url has both - and _ in it.
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? 0xfb : 0xff - i)));
    const legacySecret = `whsec_${key.toString('base64url')}`;
    expect(legacySecret).toMatch(/[-_]/);
    const standardSecret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const owner = { eventTypes: ['certificate.issued'], ownerType: 'user' as const, ownerId: 'someone' };
    const legacy = await insertWebhookSubscription(db, { ...owner, url: 'https://a.example/', secret: legacySecret });
    const standard = await insertWebhookSubscription(db, {
      ...owner,
      url: 'https://b.example/',
      secret: standardSecret,
    });

    const conversion = (await migrationStatements()).find((statement) =>
      statement.includes('UPDATE "webhook_subscriptions"'),
    );
    if (!conversion) throw new Error('the migration converts no secrets');
    await database.connection.executeSql(conversion);

    const secretOf = async (id: string) =>
      (await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)))[0]?.secret;
    const converted = await secretOf(legacy.id);
    expect(converted).toBe(`whsec_${key.toString('base64')}`);
    expect(await secretOf(standard.id)).toBe(standardSecret);

    // Signed with the converted secret, verified with the original key bytes.
    const now = new Date();
    const body = '{"id":"x"}';
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signatureHeader([converted ?? ''], 'msg_1', now, body),
    };
    expect(new Webhook(key, { format: 'raw' }).verify(body, headers)).toEqual({ id: 'x' });
  });
});
