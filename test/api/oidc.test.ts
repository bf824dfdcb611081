import { createHash, randomBytes } from 'node:crypto';
import { identityLinks, identityProviders, oidcSignIns } from '@loket/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneExpired } from '../../api/src/jobs/retention';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { startIdp, type TestIdp } from '../support/oidc';

/**
 * Sign-in through an organisation's own identity provider, against a real OpenID Connect provider
 * on this machine: library A signs in through it (and provisions participants); library C too,
 * without provisioning; library B keeps passwords.
 */
let t: TestApp;
let idp: TestIdp;
const org = {} as Record<'poi' | 'a' | 'b' | 'c', string>;
let providerA = '';
const password = 'een lange zin als wachtwoord';
const callbackPath = '/v1/auth/oidc/callback';

const challengeOf = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

async function create(url: string, body: Record<string, unknown>) {
  const response = await t.http().post(url).send(body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; version: number };
}

async function account(email: string, role: 'coordinator' | 'facilitator', organisationId: string) {
  return (await create('/v1/users', { email, displayName: email.split('@')[0], role, organisationId, password })).id;
}

function fragmentOf(location: string) {
  const url = new URL(location);
  expect(`${url.origin}${url.pathname}`).toBe('http://localhost:3000/admin/');
  expect(url.hash.startsWith('#/login?')).toBe(true);
  return new URLSearchParams(url.hash.slice('#/login?'.length));
}

/** The browser's journey: Loket → the provider's login and consent pages → Loket → the admin. */
async function journey(email: string, login = email) {
  const verifier = randomBytes(32).toString('base64url');
  const start = await t
    .http(null)
    .get('/v1/auth/oidc/start')
    .query({ email, code_challenge: challengeOf(verifier), code_challenge_method: 'S256' });
  expect(start.status, JSON.stringify(start.body)).toBe(302);
  expect(start.headers['cache-control']).toBe('no-store');
  const callback = await idp.signIn(start.headers.location as string, login);
  expect(callback.pathname).toBe(callbackPath);
  const back = await t.http(null).get(`${callback.pathname}${callback.search}`);
  expect(back.status).toBe(302);
  const answer = fragmentOf(back.headers.location as string);
  return { verifier, callback, code: answer.get('oidc_code'), error: answer.get('oidc_error') };
}

const redeem = (code: string | null, verifier: string) =>
  t
    .http(null)
    .post('/v1/auth/token')
    .type('form')
    .send({ grant_type: 'authorization_code', code, code_verifier: verifier });

beforeAll(async () => {
  t = await startTestApp({ allowHttpIssuers: true });
  idp = await startIdp({ redirectUris: [`http://localhost:3000${callbackPath}`] });
  org.poi = (await create('/v1/organisations', { kind: 'poi', name: 'Rijnbrink', parentId: t.kb.id })).id;
  for (const [key, name] of [
    ['a', 'Bibliotheek Arnhem'],
    ['b', 'Bibliotheek Brummen'],
    ['c', 'Bibliotheek Culemborg'],
  ] as const) {
    org[key] = (await create('/v1/organisations', { kind: 'library', name, parentId: org.poi })).id;
  }
  providerA = (
    await create('/v1/identity-providers', {
      organisationId: org.a,
      name: 'Microsoft 365 Bibliotheek Arnhem',
      issuerUrl: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      allowedDomains: ['Bieb-A.example'],
      provisionParticipants: true,
    })
  ).id;
  await create('/v1/identity-providers', {
    organisationId: org.c,
    name: 'Google Workspace Culemborg',
    issuerUrl: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    allowedDomains: ['bieb-c.example'],
  });
}, 60_000);

afterAll(async () => {
  await idp?.close();
  await t?.close();
});

describe('GET /v1/auth/oidc/provider', () => {
  it('names the provider of an address\u2019s domain, and 404 where there is none', async () => {
    const found = await t.http(null).get('/v1/auth/oidc/provider').query({ email: 'iemand@BIEB-A.example' });
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ name: 'Microsoft 365 Bibliotheek Arnhem', passwordSignIn: false });
    expectProblem(
      await t.http(null).get('/v1/auth/oidc/provider').query({ email: 'iemand@bieb-b.example' }),
      404,
      'no-identity-provider',
    );
    expectProblem(await t.http(null).get('/v1/auth/oidc/provider').query({ email: 'geen adres' }), 400);
  });
});

describe('signing in through the organisation', () => {
  it('gives a staff member the same tokens and access as a password sign-in', async () => {
    const userId = await account('coordinator@bieb-a.example', 'coordinator', org.a);
    idp.accounts.set('coordinator@bieb-a.example', { email: 'Coordinator@bieb-a.example', email_verified: true });
    const { code, error, verifier } = await journey('coordinator@bieb-a.example');
    expect(error).toBeNull();
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const token = await redeem(code, verifier);
    expect(token.status, JSON.stringify(token.body)).toBe(200);
    expect(token.headers['cache-control']).toBe('no-store');
    expect(token.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    const me = await t.http(token.body.access_token).get('/v1/me');
    expect(me.body).toMatchObject({ id: userId, role: 'coordinator', organisation: { id: org.a } });
    // Only their library: the other libraries of the province stay out of sight.
    const organisations = await t.http(token.body.access_token).get('/v1/organisations?limit=200');
    expect(organisations.body.data.map((o: { id: string }) => o.id)).toEqual([org.a]);

    // The same session mechanism: refresh rotates, signing out ends the access token at once.
    const refreshed = await t
      .http(null)
      .post('/v1/auth/token')
      .send({ grant_type: 'refresh_token', refresh_token: token.body.refresh_token });
    expect(refreshed.status).toBe(200);
    await t.http(null).post('/v1/auth/revoke').send({ token: refreshed.body.refresh_token }).expect(200);
    expect((await t.http(refreshed.body.access_token).get('/v1/me')).status).toBe(401);

    // The code worked once.
    const again = await redeem(code, verifier);
    expect(expectProblem(again, 400, 'invalid-grant')).toMatchObject({ error: 'invalid_grant' });
    const audit = await t.http().get(`/v1/audit-events?resourceId=${userId}&action=auth.signed_in`);
    expect(audit.body.data[0].after).toEqual({ method: 'oidc', providerId: providerA });
  });

  it('gives tokens only to the front end that holds the PKCE verifier of the sign-in', async () => {
    const { code } = await journey('coordinator@bieb-a.example');
    const stolen = await redeem(code, randomBytes(32).toString('base64url'));
    expectProblem(stolen, 400, 'invalid-grant');
    expect(JSON.stringify(stolen.body)).not.toContain('access_token');
  });

  it('refuses a replayed state: the provider\u2019s answer works once', async () => {
    const { callback, code } = await journey('coordinator@bieb-a.example');
    expect(code).not.toBeNull();
    const replay = await t.http(null).get(`${callback.pathname}${callback.search}`);
    expect(fragmentOf(replay.headers.location as string).get('oidc_error')).toBe('oidc-state-invalid');
    const forged = await t.http(null).get(`${callbackPath}?code=abc&state=${randomBytes(16).toString('base64url')}`);
    expect(fragmentOf(forged.headers.location as string).get('oidc_error')).toBe('oidc-state-invalid');
  });

  it('refuses an answer that names another issuer', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const start = await t
      .http(null)
      .get('/v1/auth/oidc/start')
      .query({
        email: 'coordinator@bieb-a.example',
        code_challenge: challengeOf(verifier),
        code_challenge_method: 'S256',
      });
    const callback = await idp.signIn(start.headers.location as string, 'coordinator@bieb-a.example');
    expect(callback.searchParams.get('iss')).toBe(idp.issuer);
    callback.searchParams.set('iss', 'http://127.0.0.1:9/elders');
    const back = await t.http(null).get(`${callback.pathname}${callback.search}`);
    expect(fragmentOf(back.headers.location as string).get('oidc_error')).toBe('oidc-issuer-mismatch');
  });

  it('does not start with a provider whose discovery document names another issuer', async () => {
    const library = (
      await create('/v1/organisations', { kind: 'library', name: 'Bibliotheek Doetinchem', parentId: org.poi })
    ).id;
    await create('/v1/identity-providers', {
      organisationId: library,
      name: 'Verkeerd ingesteld',
      // The same server under another name: its metadata says it is 127.0.0.1, not localhost.
      issuerUrl: idp.issuer.replace('127.0.0.1', 'localhost'),
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      allowedDomains: ['bieb-d.example'],
    });
    const verifier = randomBytes(32).toString('base64url');
    const start = await t
      .http(null)
      .get('/v1/auth/oidc/start')
      .query({ email: 'wie@bieb-d.example', code_challenge: challengeOf(verifier), code_challenge_method: 'S256' });
    expectProblem(start, 502, 'identity-provider-unavailable');
  });

  it('refuses an address the provider does not vouch for, and takes Entra ID\u2019s verified-domain claim', async () => {
    await account('facilitator@bieb-a.example', 'facilitator', org.a);
    idp.accounts.set('facilitator@bieb-a.example', { email: 'facilitator@bieb-a.example', email_verified: false });
    expect((await journey('facilitator@bieb-a.example')).error).toBe('identity-email-unverified');
    idp.accounts.set('facilitator@bieb-a.example', { email: 'facilitator@bieb-a.example', xms_edov: true });
    const entra = await journey('facilitator@bieb-a.example');
    expect(entra.error).toBeNull();
    expect((await redeem(entra.code, entra.verifier)).status).toBe(200);
  });

  it('refuses people of another organisation\u2019s domain, and accounts of another organisation', async () => {
    // The provider of library A signs in someone whose address is library B's.
    await account('coordinator@bieb-b.example', 'coordinator', org.b);
    idp.accounts.set('gast', { email: 'coordinator@bieb-b.example', email_verified: true });
    expect((await journey('iemand@bieb-a.example', 'gast')).error).toBe('identity-domain-not-allowed');
    // An address of library A's domain whose account in Loket belongs to library B.
    await account('uitgeleend@bieb-a.example', 'coordinator', org.b);
    idp.accounts.set('uitgeleend@bieb-a.example', { email: 'uitgeleend@bieb-a.example', email_verified: true });
    expect((await journey('uitgeleend@bieb-a.example')).error).toBe('identity-organisation-mismatch');
  });

  it('refuses a disabled account, and an address handed on to another person at the provider', async () => {
    const userId = await account('wisselt@bieb-a.example', 'facilitator', org.a);
    idp.accounts.set('wisselt@bieb-a.example', { email: 'wisselt@bieb-a.example', email_verified: true });
    expect((await journey('wisselt@bieb-a.example')).error).toBeNull();
    idp.accounts.set('opvolger', { email: 'wisselt@bieb-a.example', email_verified: true });
    expect((await journey('wisselt@bieb-a.example', 'opvolger')).error).toBe('identity-changed');
    await t.http().patch(`/v1/users/${userId}`).send({ disabled: true }).expect(200);
    expect((await journey('wisselt@bieb-a.example')).error).toBe('account-disabled');
  });

  it('makes a participant of the library for someone new, where the library allows it; elsewhere refuses', async () => {
    idp.accounts.set('nieuw', {
      email: 'nieuw@bieb-a.example',
      email_verified: true,
      given_name: 'Noor',
      family_name: 'Bakker',
    });
    const { code, verifier } = await journey('nieuw@bieb-a.example', 'nieuw');
    const token = await redeem(code, verifier);
    expect(token.status).toBe(200);
    const me = (await t.http(token.body.access_token).get('/v1/me')).body;
    expect(me).toMatchObject({ role: 'participant', email: 'nieuw@bieb-a.example', name: 'Noor Bakker' });
    const participant = await t.http().get(`/v1/participants/${me.participantId}`);
    expect(participant.body).toMatchObject({ organisationId: org.a, givenName: 'Noor', familyName: 'Bakker' });

    idp.accounts.set('onbekend', { email: 'onbekend@bieb-c.example', email_verified: true });
    expect((await journey('onbekend@bieb-c.example', 'onbekend')).error).toBe('no-account');

    // Erasing the person takes their link to the provider with their account.
    const links = () => t.app.db.select().from(identityLinks).where(eq(identityLinks.userId, me.id));
    expect(await links()).toHaveLength(1);
    await t.http().post(`/v1/participants/${me.participantId}/erasure`).expect(200);
    expect(await links()).toEqual([]);
  });
});

describe('a provider that puts the address in the ID token', () => {
  it('signs in from the ID token alone', async () => {
    const own = await startIdp({ redirectUris: [`http://localhost:3000${callbackPath}`], idTokenClaims: true });
    try {
      const library = (
        await create('/v1/organisations', { kind: 'library', name: 'Bibliotheek Ede', parentId: org.poi })
      ).id;
      await create('/v1/identity-providers', {
        organisationId: library,
        name: 'Bibliotheek Ede',
        issuerUrl: own.issuer,
        clientId: own.clientId,
        clientSecret: own.clientSecret,
        allowedDomains: ['bieb-e.example'],
      });
      const userId = await account('coordinator@bieb-e.example', 'coordinator', library);
      own.accounts.set('ede', { email: 'coordinator@bieb-e.example', email_verified: true });
      const verifier = randomBytes(32).toString('base64url');
      const start = await t
        .http(null)
        .get('/v1/auth/oidc/start')
        .query({
          email: 'coordinator@bieb-e.example',
          code_challenge: challengeOf(verifier),
          code_challenge_method: 'S256',
        });
      const callback = await own.signIn(start.headers.location as string, 'ede');
      const back = await t.http(null).get(`${callback.pathname}${callback.search}`);
      const token = await redeem(fragmentOf(back.headers.location as string).get('oidc_code'), verifier);
      expect(token.status).toBe(200);
      expect((await t.http(token.body.access_token).get('/v1/me')).body.id).toBe(userId);
    } finally {
      await own.close();
    }
  });
});

describe('what a sign-in leaves behind', () => {
  it('is deleted a day later: state, nonce and verifiers are of no use after the sign-in', async () => {
    await journey('coordinator@bieb-a.example');
    const before = await t.app.db.select().from(oidcSignIns);
    expect(before.length).toBeGreaterThan(0);
    expect(await pruneExpired(t.app.db, { eventDays: 30 })).toMatchObject({ oidcSignIns: 0 });
    const pruned = await pruneExpired(t.app.db, { eventDays: 30 }, new Date(Date.now() + 86_400_000 + 60_000));
    expect(pruned.oidcSignIns).toBe(before.length);
    expect(await t.app.db.select().from(oidcSignIns)).toEqual([]);
  });
});

describe('passwords next to a provider', () => {
  it('refuses passwords for the provider\u2019s domains and keeps them working elsewhere', async () => {
    const refused = await t
      .http(null)
      .post('/v1/auth/token')
      .send({ grant_type: 'password', username: 'coordinator@bieb-a.example', password });
    expect(expectProblem(refused, 400, 'sign-in-with-organisation').detail).toContain(
      'Microsoft 365 Bibliotheek Arnhem',
    );
    const elsewhere = await t
      .http(null)
      .post('/v1/auth/token')
      .send({ grant_type: 'password', username: 'coordinator@bieb-b.example', password });
    expect(elsewhere.status).toBe(200);
    // The provider allows passwords again: they work again.
    const current = await t.http().get(`/v1/identity-providers/${providerA}`);
    await t
      .http()
      .patch(`/v1/identity-providers/${providerA}`)
      .set('if-match', current.headers.etag as string)
      .send({ passwordSignIn: true })
      .expect(200);
    const allowed = await t
      .http(null)
      .post('/v1/auth/token')
      .send({ grant_type: 'password', username: 'coordinator@bieb-a.example', password });
    expect(allowed.status).toBe(200);
  });
});

describe('/v1/identity-providers', () => {
  it('never answers the client secret, and keeps it encrypted', async () => {
    const listed = await t.http().get('/v1/identity-providers');
    expect(listed.status).toBe(200);
    expect(listed.body.page.total).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(listed.body)).not.toContain(idp.clientSecret);
    expect(listed.body.data[0]).toMatchObject({ redirectUri: `http://localhost:3000${callbackPath}` });
    const [row] = await t.app.db.select().from(identityProviders).where(eq(identityProviders.id, providerA));
    expect(row?.clientSecret).not.toContain(idp.clientSecret);
    const audit = await t.http().get(`/v1/audit-events?resourceId=${providerA}`);
    expect(audit.body.page.total).toBeGreaterThan(0);
    expect(JSON.stringify(audit.body)).not.toContain(idp.clientSecret);
  });

  it('keeps each domain with one provider, provisioning to libraries, and one provider per organisation', async () => {
    const poiProvider = {
      organisationId: org.poi,
      name: 'Rijnbrink',
      issuerUrl: 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0',
      clientId: 'x',
      clientSecret: 'y',
    };
    const taken = await t
      .http()
      .post('/v1/identity-providers')
      .send({ ...poiProvider, allowedDomains: ['bieb-a.example'] });
    expect(expectProblem(taken, 409, 'domain-taken').errors).toEqual([
      { path: '/allowedDomains', message: 'bieb-a.example belongs to another provider.' },
    ]);
    const provisioning = await t
      .http()
      .post('/v1/identity-providers')
      .send({ ...poiProvider, allowedDomains: ['rijnbrink.example'], provisionParticipants: true });
    expect(expectProblem(provisioning, 422, 'validation').errors?.[0]?.path).toBe('/provisionParticipants');
    const second = await t
      .http()
      .post('/v1/identity-providers')
      .send({ ...poiProvider, organisationId: org.a, allowedDomains: ['tweede.example'] });
    expectProblem(second, 409, 'identity-provider-exists');
    const noQuery = await t
      .http()
      .post('/v1/identity-providers')
      .send({ ...poiProvider, issuerUrl: 'https://idp.example/?tenant=1', allowedDomains: ['rijnbrink.example'] });
    expect(expectProblem(noQuery, 422).errors?.[0]?.path).toBe('/issuerUrl');
  });

  it('creates once per Idempotency-Key, and changes and deletes only at the current version', async () => {
    const body = {
      organisationId: org.poi,
      name: 'Rijnbrink Entra ID',
      issuerUrl: 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0',
      clientId: 'rijnbrink',
      clientSecret: 'geheim',
      allowedDomains: ['rijnbrink.example'],
    };
    const first = await t.http().post('/v1/identity-providers').set('idempotency-key', 'idp-1').send(body);
    expect(first.status).toBe(201);
    const retry = await t.http().post('/v1/identity-providers').set('idempotency-key', 'idp-1').send(body);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    const url = `/v1/identity-providers/${first.body.id}`;
    expectProblem(await t.http().patch(url).set('if-match', '"9"').send({ name: 'X' }), 412);
    const renamed = await t
      .http()
      .patch(url)
      .set('if-match', '"1"')
      .send({ name: 'Rijnbrink', allowedDomains: ['rijnbrink.example', 'RIJNBRINK.nl'] });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      name: 'Rijnbrink',
      version: 2,
      allowedDomains: ['rijnbrink.example', 'rijnbrink.nl'],
    });
    expectProblem(await t.http().delete(url).set('if-match', '"1"'), 412);
    await t.http().delete(url).set('if-match', '"2"').expect(204);
    expectProblem(await t.http().get(url), 404);
    const lookup = await t.http(null).get('/v1/auth/oidc/provider').query({ email: 'a@rijnbrink.nl' });
    expectProblem(lookup, 404, 'no-identity-provider');
  });

  it('is for KB staff only', async () => {
    const coordinator = await t.tokenFor('coordinator', { organisationId: org.a });
    expectProblem(await t.http(coordinator).get('/v1/identity-providers'), 403);
  });
});
