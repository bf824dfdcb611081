import { users } from '@loket/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { eventually } from '../support/receiver';

/** Cutting someone off takes effect on their next request, not when their access token expires. */
let t: TestApp;
let library = '';
const password = 'een lange zin als wachtwoord';
let accounts = 0;

async function account(role = 'coordinator', organisationId = library) {
  accounts += 1;
  const email = `medewerker${accounts}@hilversum.example`;
  const response = await t
    .http()
    .post('/v1/users')
    .send({ email, displayName: `Medewerker ${accounts}`, role, organisationId, password });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { id: response.body.id as string, email };
}

async function signIn(email: string) {
  const response = await t
    .http(null)
    .post('/v1/auth/token')
    .send({ grant_type: 'password', username: email, password });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { access_token: string; refresh_token: string };
}

const refresh = (refreshToken: string) =>
  t.http(null).post('/v1/auth/token').send({ grant_type: 'refresh_token', refresh_token: refreshToken });

/** Works now: the token is used once first, so a cached "still valid" is what the cut-off must beat. */
async function works(token: string) {
  expect((await t.http(token).get('/v1/me')).status).toBe(200);
}

const refused = async (token: string) =>
  expect(expectProblem(await t.http(token).get('/v1/me'), 401, 'unauthorized').detail).toMatch(/session has ended/);

beforeAll(async () => {
  t = await startTestApp({ content: false });
  const poi = (await t.http().post('/v1/organisations').send({ kind: 'poi', name: 'ProBiblio', parentId: t.kb.id }))
    .body.id;
  library = (
    await t.http().post('/v1/organisations').send({ kind: 'library', name: 'Bibliotheek Hilversum', parentId: poi })
  ).body.id;
});

afterAll(async () => {
  await t.close();
});

describe('a person cut off', () => {
  it('by disabling their account loses every session at once; others keep theirs', async () => {
    const user = await account();
    const other = await account();
    const [first, second, bystander] = [await signIn(user.email), await signIn(user.email), await signIn(other.email)];
    await works(first.access_token);
    await works(bystander.access_token);
    await t.http().patch(`/v1/users/${user.id}`).send({ disabled: true }).expect(200);
    await refused(first.access_token);
    await refused(second.access_token);
    await works(bystander.access_token);
    // Enabled again, they sign in afresh; the old tokens stay dead.
    await t.http().patch(`/v1/users/${user.id}`).send({ disabled: false }).expect(200);
    await works((await signIn(user.email)).access_token);
    await refused(first.access_token);
  });

  it('by a new password loses every session at once', async () => {
    const user = await account();
    const session = await signIn(user.email);
    await works(session.access_token);
    await t.http().patch(`/v1/users/${user.id}`).send({ password: 'een andere lange zin' }).expect(200);
    await refused(session.access_token);
  });

  it('by signing out ends that session only', async () => {
    const user = await account();
    const [phone, laptop] = [await signIn(user.email), await signIn(user.email)];
    await works(phone.access_token);
    await works(laptop.access_token);
    await t.http(null).post('/v1/auth/revoke').send({ token: phone.refresh_token }).expect(200);
    await refused(phone.access_token);
    await works(laptop.access_token);
  });

  it('by the reuse of a spent refresh token ends every access token of that session', async () => {
    const user = await account();
    const session = await signIn(user.email);
    const rotated = await refresh(session.refresh_token);
    expect(rotated.status).toBe(200);
    await works(session.access_token);
    await works(rotated.body.access_token);
    expectProblem(await refresh(session.refresh_token), 400, 'invalid-grant');
    await refused(session.access_token);
    await refused(rotated.body.access_token);
  });

  it('by another process, straight in the database, within the documented second', async () => {
    const user = await account();
    const session = await signIn(user.email);
    await works(session.access_token);
    await t.database.connection.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    const started = Date.now();
    await eventually(async () => {
      expect((await t.http(session.access_token).get('/v1/me')).status).toBe(401);
    }, 5000);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('an API client revoked', () => {
  it('loses its access token at once; another client keeps its own', async () => {
    const tokenOf = async (name: string) => {
      const client = (
        await t
          .http()
          .post('/v1/api-clients')
          .send({ name, scopes: ['read:catalogue'] })
      ).body;
      const token = await t
        .http(null)
        .post('/v1/auth/token')
        .send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
      expect(token.status).toBe(200);
      return { id: client.id as string, token: token.body.access_token as string };
    };
    const player = await tokenOf('E-learningspeler');
    const intranet = await tokenOf('Intranet');
    await works(player.token);
    await t.http().post(`/v1/api-clients/${player.id}/revoke`).expect(200);
    await refused(player.token);
    await works(intranet.token);
  });
});

describe('a token without a session', () => {
  it('is refused even when signed with the right key', async () => {
    const admin = await account('admin', t.kb.id);
    const signed = t.app.jwt.sign({ sub: admin.id, typ: 'user', role: 'admin' });
    await refused(signed);
    const unknownSession = t.app.jwt.sign({
      sub: admin.id,
      typ: 'user',
      role: 'admin',
      sid: '01936000-0000-7000-8000-000000000001',
    });
    await refused(unknownSession);
  });
});
