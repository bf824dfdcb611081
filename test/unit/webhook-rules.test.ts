import { createHmac } from 'node:crypto';
import { loadNotificationTemplates, notificationKinds, renderTemplate } from '@loket/db';
import { describe, expect, it } from 'vitest';
import {
  defaultRetryPolicy,
  nextAttemptDelay,
  signPayload,
  verifySignature,
} from '../../api/src/resources/webhooks/rules';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"0193","type":"certificate.issued"}';

  it('sign the timestamp and the body with HMAC-SHA256, as documented', () => {
    const expected = createHmac('sha256', secret).update(`1764400000.${body}`).digest('hex');
    expect(signPayload(secret, 1_764_400_000, body)).toBe(`v1=${expected}`);
  });

  it('verify only with the same secret, body and a fresh timestamp', () => {
    const now = 1_764_400_000_000;
    const timestamp = String(now / 1000);
    const signature = signPayload(secret, now / 1000, body);
    expect(verifySignature(secret, { timestamp, signature }, body, now)).toBe(true);
    expect(verifySignature('whsec_other', { timestamp, signature }, body, now)).toBe(false);
    expect(verifySignature(secret, { timestamp, signature }, `${body} `, now)).toBe(false);
    expect(verifySignature(secret, { timestamp, signature }, body, now + 301_000)).toBe(false);
    expect(verifySignature(secret, { timestamp: 'gisteren', signature }, body, now)).toBe(false);
    expect(verifySignature(secret, { timestamp, signature: 'v1=00' }, body, now)).toBe(false);
  });
});

describe('retry backoff', () => {
  it('doubles from the base delay up to the cap, and stops after the last attempt', () => {
    const policy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4].map((failed) => nextAttemptDelay(failed, policy))).toEqual([1000, 2000, 4000, 5000]);
    expect(nextAttemptDelay(5, policy)).toBeNull();
  });

  it('by default tries ten times over about four and a quarter hours', () => {
    const delays = Array.from({ length: 9 }, (_, i) => nextAttemptDelay(i + 1, defaultRetryPolicy) ?? 0);
    expect(delays[0]).toBe(30_000);
    expect(delays.reduce((a, b) => a + b, 0)).toBe(15_330_000);
    expect(nextAttemptDelay(10, defaultRetryPolicy)).toBeNull();
  });
});

describe('notification templates', () => {
  it('exist for every kind, in Dutch, and fill in their placeholders', async () => {
    const templates = await loadNotificationTemplates();
    for (const kind of notificationKinds) {
      const template = templates[kind];
      const values = Object.fromEntries(template.placeholders.map((name) => [name, `«${name}»`]));
      const text = renderTemplate(template.body, values);
      expect(text).toMatch(/^Beste «voornaam»,/);
      expect(text).not.toMatch(/\{\{/);
    }
  });

  it('refuse to render with a value missing rather than leave a gap', () => {
    expect(() => renderTemplate('Beste {{voornaam}},', {})).toThrow(/voornaam/);
    expect(renderTemplate('Beste {{ voornaam }},', { voornaam: 'Sanne' })).toBe('Beste Sanne,');
  });
});
