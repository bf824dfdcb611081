import { type AuditAction, auditEvents, loadContent, syncContent } from '@loket/db';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { created } from '../support/records';

let t: TestApp;
let programmeId: string;
let first: string;
let second: string;
let library: string;

interface ProgrammeBody {
  id: string;
  version: number;
  currentVersionId: string | null;
  versions: Array<{ id: string; number: number; status: string; publishedAt: string | null; summary: string }>;
}

const programme = async () => (await t.http().get(`/v1/programmes/${programmeId}`)).body as ProgrammeBody;
const publishUrl = (versionId: string) => `/v1/programmes/${programmeId}/versions/${versionId}/publish`;
const auditCount = async (action: AuditAction) =>
  (await t.database.connection.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, action)))[0]?.n;

/** A new draft: the same programme with other content, as a changed content/ folder would sync. */
async function draftVersion(summary: string): Promise<string> {
  const content = await loadContent();
  const synced = await syncContent(t.database.connection.db, { ...content, summary, contentHash: summary });
  expect(synced).toMatchObject({ created: true, published: false });
  return synced.programmeVersionId;
}

const newCohort = async () => {
  const response = await t.http().post('/v1/cohorts').send({
    organisationId: library,
    phase: 'rollout',
    startsOn: '2027-03-01',
    endsOn: '2027-06-01',
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; programmeVersionId: string };
};

beforeAll(async () => {
  t = await startTestApp();
  const poi = await created(t, '/v1/organisations', { kind: 'poi', name: 'Cubiss', parentId: t.kb.id });
  library = (
    await created(t, '/v1/organisations', { kind: 'library', name: 'Bibliotheek Helmond-Peel', parentId: poi.id })
  ).id;
  const list = await t.http().get('/v1/programmes');
  programmeId = list.body.data[0].id;
  first = list.body.data[0].currentVersionId;
  second = await draftVersion('Versie 2: de module BoekStart herschreven');
});

afterAll(async () => {
  await t.close();
});

describe('GET /v1/programmes/{id}', () => {
  it('gives the description as written and rendered to HTML', async () => {
    const body = (await t.http().get(`/v1/programmes/${programmeId}`)).body;
    expect(body.description).toContain('## Afronding');
    expect(body.descriptionHtml).toContain('<h2>Afronding</h2>');
  });
});

describe('POST /v1/programmes/{id}/versions/{versionId}/publish', () => {
  it('is for KB staff only', async () => {
    const adviser = await t.tokenFor('adviser', { organisationId: library });
    expectProblem(await t.http(adviser).post(publishUrl(second)), 403);
    expect((await programme()).currentVersionId).toBe(first);
  });

  it('refuses a stale ETag and changes nothing', async () => {
    const before = await programme();
    expectProblem(
      await t
        .http()
        .post(publishUrl(second))
        .set('if-match', `"${before.version + 5}"`),
      412,
    );
    expect(await programme()).toEqual(before);
  });

  it('publishes the draft, retires the version before it, and audits both; running cohorts keep theirs', async () => {
    const running = await newCohort();
    expect(running.programmeVersionId).toBe(first);
    const before = await programme();

    const response = await t.http().post(publishUrl(second)).set('if-match', `"${before.version}"`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.headers.etag).toBe(`"${before.version + 1}"`);
    expect(response.body.currentVersionId).toBe(second);
    const statuses = Object.fromEntries(
      (response.body as ProgrammeBody).versions.map((v) => [v.number, [v.status, v.publishedAt !== null]]),
    );
    expect(statuses).toEqual({ 1: ['retired', true], 2: ['published', true] });

    expect((await newCohort()).programmeVersionId).toBe(second);
    expect((await t.http().get(`/v1/cohorts/${running.id}`)).body.programmeVersionId).toBe(first);
    const modules = (await t.http().get('/v1/modules')).body.data as Array<{ programmeVersionId: string }>;
    expect(new Set(modules.map((m) => m.programmeVersionId))).toEqual(new Set([second]));

    const events = (await t.http().get('/v1/audit-events?resourceType=programme_version')).body.data;
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'programme_version.published',
          resourceId: second,
          before: expect.objectContaining({ status: 'draft', publishedAt: null }),
          after: expect.objectContaining({ status: 'published', number: 2 }),
        }),
        expect.objectContaining({
          action: 'programme_version.retired',
          resourceId: first,
          before: expect.objectContaining({ status: 'published' }),
          after: expect.objectContaining({ status: 'retired' }),
        }),
      ]),
    );
  });

  it('is safe to repeat: the published version again changes nothing, also with the old ETag', async () => {
    const before = await programme();
    const audited = await auditCount('programme_version.published');
    const response = await t
      .http()
      .post(publishUrl(second))
      .set('if-match', `"${before.version - 1}"`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(before);
    expect(await auditCount('programme_version.published')).toBe(audited);
  });

  it('does not bring a retired version back', async () => {
    const before = await programme();
    expectProblem(await t.http().post(publishUrl(first)), 409, 'version-retired');
    expect(await programme()).toEqual(before);
  });

  it('answers 404 for a version of no such programme, and 400 for a malformed id', async () => {
    expectProblem(
      await t.http().post(`/v1/programmes/${programmeId}/versions/019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d/publish`),
      404,
    );
    expectProblem(
      await t.http().post(`/v1/programmes/019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d/versions/${second}/publish`),
      404,
    );
    expectProblem(await t.http().post(`/v1/programmes/${programmeId}/versions/nope/publish`), 400);
  });
});
