import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContentError, defaultContentDir, loadContent, syncContent } from '@loket/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

/**
 * What a participant's own track shows (GET /v1/me/enrolments): per module how long it takes and,
 * when its e-learning is online, where to start it; per meeting when it ends and where it is held.
 */
let t: TestApp;
let dir = '';
const launchUrl = 'https://campus.bibliotheek.example/leertraject/boekstart';
let token = '';

/** content/ with a launch URL in the front matter of module 5 (BoekStart). */
async function contentWithLaunchUrl(url: string) {
  const copy = await mkdtemp(join(tmpdir(), 'loket-content-'));
  await cp(defaultContentDir, copy, { recursive: true });
  const file = join(copy, 'modules', '05-boekstart.md');
  const text = await readFile(file, 'utf8');
  await writeFile(
    file,
    text.replace(/^activityIri: .*$/m, (line) => `${line}\nlaunchUrl: ${url}`),
  );
  return copy;
}

beforeAll(async () => {
  t = await startTestApp({ content: false });
  dir = await contentWithLaunchUrl(launchUrl);
  await syncContent(t.database.connection.db, await loadContent(dir));
  const post = async (url: string, body: object) => (await t.http().post(url).send(body).expect(201)).body;
  const poi = await post('/v1/organisations', { kind: 'poi', name: 'Cubiss', parentId: t.kb.id });
  const library = await post('/v1/organisations', { kind: 'library', name: 'Bibliotheek Venlo', parentId: poi.id });
  const branch = await post('/v1/organisations', {
    kind: 'branch',
    name: 'Bibliotheek Venlo, vestiging Blerick',
    parentId: library.id,
  });
  const cohort = await post('/v1/cohorts', {
    organisationId: library.id,
    phase: 'rollout',
    startsOn: '2026-01-05',
    endsOn: '2026-04-05',
    moduleCodes: ['boekstart', 'digitaalhuis'],
  });
  const [kickoff] = (await t.http().get(`/v1/sessions?cohortId=${cohort.id}`)).body.data;
  await t
    .http()
    .patch(`/v1/sessions/${kickoff.id}`)
    .set('if-match', `"${kickoff.version}"`)
    .send({ locationOrganisationId: branch.id })
    .expect(200);
  const person = await post('/v1/participants', {
    organisationId: branch.id,
    givenName: 'Sanne',
    familyName: 'Peeters',
    email: 'sanne.peeters@venlo.example',
  });
  await post('/v1/enrolments', { cohortId: cohort.id, participantId: person.id });
  token = await t.tokenFor('participant', { participantId: person.id });
});

afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a participant\u2019s own track', () => {
  it('gives each module its study time and, when its e-learning is online, where to start it', async () => {
    const [mine] = (await t.http(token).get('/v1/me/enrolments').expect(200)).body.data;
    expect(
      mine.progress.map((p: { code: string; estimatedMinutes: number; launchUrl: string | null }) => [
        p.code,
        p.launchUrl,
      ]),
    ).toEqual([
      ['digitaalhuis', null],
      ['boekstart', launchUrl],
    ]);
    const content = await loadContent(dir);
    for (const p of mine.progress as Array<{ code: string; estimatedMinutes: number }>) {
      expect(p.estimatedMinutes).toBe(content.modules.find((m) => m.code === p.code)?.estimatedMinutes);
    }
    const boekstart = (await t.http(token).get('/v1/modules?limit=50').expect(200)).body.data.find(
      (m: { code: string }) => m.code === 'boekstart',
    );
    expect(boekstart.launchUrl).toBe(launchUrl);
  });

  it('says when each meeting ends and where it is held', async () => {
    const [mine] = (await t.http(token).get('/v1/me/enrolments').expect(200)).body.data;
    const [kickoff, ...rest] = mine.attendance as Array<{
      startsAt: string;
      endsAt: string;
      location: string | null;
      onlineUrl: string | null;
    }>;
    expect(kickoff?.location).toBe('Bibliotheek Venlo, vestiging Blerick');
    for (const meeting of rest) expect(meeting.location).toBe('Bibliotheek Venlo');
    for (const meeting of mine.attendance as Array<{ startsAt: string; endsAt: string; onlineUrl: null }>) {
      expect(new Date(meeting.endsAt) > new Date(meeting.startsAt)).toBe(true);
      expect(meeting.onlineUrl).toBeNull();
    }
  });

  it('takes a launch URL only over https', async () => {
    const insecure = await contentWithLaunchUrl('http://campus.bibliotheek.example/boekstart');
    try {
      await expect(loadContent(insecure)).rejects.toThrow(ContentError);
      await expect(loadContent(insecure)).rejects.toThrow(/modules\/05-boekstart\.md/);
    } finally {
      await rm(insecure, { recursive: true, force: true });
    }
  });
});
