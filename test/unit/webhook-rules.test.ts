import { loadNotificationTemplates, notificationKinds, renderTemplate } from '@loket/db';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  defaultRetryPolicy,
  newWebhookSecret,
  nextAttemptDelay,
  secretOverlapMs,
  signatureHeader,
  signingSecrets,
} from '../../api/src/resources/webhooks/rules';

describe('webhook signatures (Standard Webhooks)', () => {
  const id = '0193a0c4-1c2d-7e3f-8a9b-0c1d2e3f4a5b';
  const body = '{"id":"0193a0c4-1c2d-7e3f-8a9b-0c1d2e3f4a5b","type":"certificate.issued"}';
  const now = new Date();
  const headersFor = (signature: string, messageId = id) => ({
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signature,
  });

  it('makes secrets as whsec_ and 32 random bytes in base64, each one new', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('sign so that the standardwebhooks package verifies, and only for that id, body and secret', () => {
    const secret = newWebhookSecret();
    const signature = signatureHeader([secret], id, now, body);
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(body, headersFor(signature))).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headersFor(signature))).toThrow();
    expect(() => new Webhook(secret).verify(`${body} `, headersFor(signature))).toThrow();
    expect(() => new Webhook(secret).verify(body, headersFor(signature, `${id.slice(0, -1)}c`))).toThrow();
  });

  it('carry one signature per secret, separated by a space, each verifying on its own', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const signature = signatureHeader([current, previous], id, now, body);
    expect(signature.split(' ')).toHaveLength(2);
    for (const secret of [current, previous]) {
      expect(new Webhook(secret).verify(body, headersFor(signature))).toEqual(JSON.parse(body));
    }
  });

  it('sign with the previous secret too only while its overlap lasts', () => {
    const subscription = {
      secret: 'whsec_bmV3',
      previousSecret: 'whsec_b2xk',
      previousSecretExpiresAt: new Date(now.getTime() + secretOverlapMs),
    };
    expect(signingSecrets(subscription, now)).toEqual(['whsec_bmV3', 'whsec_b2xk']);
    expect(signingSecrets(subscription, new Date(now.getTime() + secretOverlapMs))).toEqual(['whsec_bmV3']);
    expect(signingSecrets({ ...subscription, previousSecret: null, previousSecretExpiresAt: null }, now)).toEqual([
      'whsec_bmV3',
    ]);
    expect(secretOverlapMs).toBe(24 * 3_600_000);
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
