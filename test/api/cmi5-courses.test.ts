import { readFileSync } from 'node:fs';
import { auditEvents, cmi5CourseFiles } from '@loket/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';

/**
 * Importing cmi5 course packages as ADL's CATAPULT LMS test suite does: its valid packages are
 * taken, each invalid one is refused with the requirement it breaks, and a zip's files are served.
 */
let t: TestApp;
const publicUrl = 'https://loket.kb.example';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/cmi5/${name}`, import.meta.url));

beforeAll(async () => {
  t = await startTestApp({ content: false, publicUrl });
});

afterAll(async () => {
  await t.close();
});

const importPackage = (name: string, type = name.endsWith('.zip') ? 'application/zip' : 'text/xml', token?: string) =>
  t.http(token).post('/v1/cmi5/courses').set('content-type', type).send(fixture(name));

describe('a valid package', () => {
  it('as a cmi5.xml with a thousand assignable units is imported, quickly, in document order', async () => {
    const started = performance.now();
    const response = await importPackage('101-one-thousand-aus.xml');
    const elapsed = performance.now() - started;
    expect(response.status, JSON.stringify(response.body).slice(0, 500)).toBe(201);
    expect(elapsed).toBeLessThan(10_000);
    const course = response.body;
    expect(response.headers.location).toBe(`/v1/cmi5/courses/${course.id}`);
    expect(course).toMatchObject({
      publisherId: 'https://w3id.org/xapi/cmi5/catapult/lts/course/0002-one-thousand-aus',
      packageType: 'xml',
      title: { en: 'CATAPULT LMS Test Course: 0002-one-thousand-aus' },
    });
    expect(course.assignableUnits).toHaveLength(1001);
    expect(course.assignableUnits.map((unit: { position: number }) => unit.position)).toEqual([...Array(1001).keys()]);
    const [first] = course.assignableUnits;
    expect(first.launchUrl).toBe(first.url);
    expect(first.url).toMatch(/^https?:\/\//);

    const read = await t.http().get(`/v1/cmi5/courses/${course.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(course);
  });

  it('as a zip: its units, blocks and launch URL, and its files served without credentials', async () => {
    const response = await importPackage('001-essentials.zip');
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const course = response.body;
    expect(course.packageType).toBe('zip');
    expect(course.assignableUnits).toEqual([
      {
        position: 0,
        publisherId: 'https://w3id.org/xapi/cmi5/catapult/lts/au/001-essentials',
        title: { en: 'CATAPULT LMS Test AU: 001 Essentials' },
        description: { en: 'CATAPULT LMS Test AU: 001 Essentials' },
        url: 'index.html?paramA=1&paramB=2',
        launchUrl: `${publicUrl}/cmi5/courses/${course.id}/files/index.html?paramA=1&paramB=2`,
        moveOn: 'CompletedAndPassed',
        masteryScore: 0.9,
        launchMethod: 'AnyWindow',
        launchParameters: 'sample string',
        entitlementKey: 'sample value',
        activityType: null,
        blocks: ['https://w3id.org/xapi/cmi5/catapult/lts/block/001-essentials'],
      },
    ]);
    expect(course.structure).toEqual([
      {
        type: 'block',
        publisherId: 'https://w3id.org/xapi/cmi5/catapult/lts/block/001-essentials',
        title: { en: 'CATAPULT LMS Test Block: 001 Essentials' },
        children: [{ type: 'au', position: 0 }],
      },
    ]);

    const page = await t.http(null).get(`/cmi5/courses/${course.id}/files/index.html?paramA=1`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<script src="lessons/les.js">');
    // Its scripts run, but in an origin of their own: not the admin's, whose sign-in they could read.
    expect(page.headers['content-security-policy']).toMatch(/^sandbox allow-scripts /);
    expect(page.headers['cache-control']).toBe('public, max-age=3600');
    const script = await t.http(null).get(`/cmi5/courses/${course.id}/files/lessons/les.js`);
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const again = await t
      .http(null)
      .get(`/cmi5/courses/${course.id}/files/lessons/les.js`)
      .set('if-none-match', script.headers.etag as string);
    expect(again.status).toBe(304);

    expectProblem(await t.http(null).get(`/cmi5/courses/${course.id}/files/lessons/missing.js`), 404, 'not-found');
    expectProblem(await t.http(null).get(`/cmi5/courses/${course.id}/files/cmi5.xml/..%2F..%2Fx`), 404, 'not-found');
  });

  it('as a ZIP64 zip is imported', async () => {
    const response = await importPackage('102-zip64.zip');
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.assignableUnits[0].url).toBe('index.html');
    const page = await t.http(null).get(`/cmi5/courses/${response.body.id}/files/index.html`);
    expect(page.status).toBe(200);
  });

  it('comes as application/x-zip-compressed or application/octet-stream too, and replays by Idempotency-Key', async () => {
    const first = await t
      .http()
      .post('/v1/cmi5/courses')
      .set('content-type', 'application/octet-stream')
      .set('idempotency-key', 'essentials-1')
      .send(fixture('001-essentials.zip'));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const replay = await t
      .http()
      .post('/v1/cmi5/courses')
      .set('content-type', 'application/octet-stream')
      .set('idempotency-key', 'essentials-1')
      .send(fixture('001-essentials.zip'));
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    const compressed = await importPackage('001-essentials.zip', 'application/x-zip-compressed');
    expect(compressed.status).toBe(201);
  });
});

describe('an invalid package is refused with the cmi5 requirement it breaks', () => {
  it.each([
    ['201-1-iris-course-id.xml', '3.0.0.0-1'],
    ['201-2-iris-block-id.xml', '3.0.0.0-1'],
    ['201-3-iris-au-id.xml', '3.0.0.0-1'],
    ['201-4-iris-objective-id.xml', '3.0.0.0-1'],
    ['202-1-relative-url-no-zip.xml', '14.2.0.0-1'],
    ['202-5-relative-url-no-zip.xml', '14.2.0.0-1'],
    ['203-1-relative-url-no-reference.zip', '14.1.0.0-4'],
    ['204-query-string-conflict-endpoint.xml', '8.1.0.0-6'],
    ['205-1-duplicated-block.xml', '13.1.2.0-1'],
    ['205-2-duplicated-objective.xml', '13.1.3.0-1'],
    ['205-3-duplicated-au.xml', '13.1.4.0-1'],
    ['206-1-invalid-au-url.xml', '13.1.4.0-2'],
    ['207-1-invalid-courseStructure.xml', '13.2.0.0-1'],
    ['208-1-invalid-package.md', '14.0.0.0-1', 'text/markdown; charset=UTF-8'],
    ['209-1-not-a-zip.zip', '14.1.0.0-1'],
    ['210-1-no-cmi5-xml.zip', '14.1.0.0-2'],
    ['path-traversal.zip', '14.1.0.0-1'],
  ])('%s: %s', async (name, requirement, type?: string) => {
    const before = (await t.http().get('/v1/cmi5/courses?limit=200')).body.page.total;
    const response = await importPackage(name, type);
    const problem = expectProblem(response, 422, 'invalid-cmi5-package');
    expect(problem).toMatchObject({ requirement, code: 'invalid-cmi5-package' });
    expect(problem.detail.length).toBeGreaterThan(20);
    expect((await t.http().get('/v1/cmi5/courses?limit=200')).body.page.total).toBe(before);
  });

  it('a body without a Content-Type', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/cmi5/courses',
      headers: { authorization: `Bearer ${t.adminToken}` },
      payload: fixture('001-essentials.zip'),
    });
    expect(JSON.parse(response.body)).toMatchObject({ code: 'invalid-cmi5-package', requirement: '14.0.0.0-1' });
  });

  it('a cmi5.xml that is not even XML', async () => {
    const response = await t.http().post('/v1/cmi5/courses').set('content-type', 'application/xml').send('<course');
    expect(expectProblem(response, 422, 'invalid-cmi5-package')).toMatchObject({ requirement: '13.2.0.0-1' });
  });
});

describe('imported courses', () => {
  it('are listed newest first, and deleted with their files; both audited', async () => {
    const imported = (await importPackage('001-essentials.zip')).body;
    const list = await t.http().get('/v1/cmi5/courses?limit=1');
    expect(list.status).toBe(200);
    expect(list.body.data[0]).toMatchObject({ id: imported.id, assignableUnitCount: 1, packageType: 'zip' });
    expect(list.body.page.nextCursor).toEqual(expect.any(String));

    const adviser = await t.tokenFor('adviser', { organisationId: t.kb.id });
    expect((await t.http(adviser).delete(`/v1/cmi5/courses/${imported.id}`)).status).toBe(403);
    expect((await t.http(adviser).get(`/v1/cmi5/courses/${imported.id}`)).status).toBe(200);

    const deleted = await t.http().delete(`/v1/cmi5/courses/${imported.id}`);
    expect(deleted.status).toBe(204);
    expectProblem(await t.http().get(`/v1/cmi5/courses/${imported.id}`), 404, 'not-found');
    expectProblem(await t.http(null).get(`/cmi5/courses/${imported.id}/files/index.html`), 404, 'not-found');
    expectProblem(await t.http().delete(`/v1/cmi5/courses/${imported.id}`), 404, 'not-found');
    const files = await t.database.connection.db
      .select()
      .from(cmi5CourseFiles)
      .where(eq(cmi5CourseFiles.courseId, imported.id));
    expect(files).toEqual([]);
    const audited = await t.database.connection.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.resourceId, imported.id));
    expect(audited.map((row) => row.action).sort()).toEqual(['cmi5.course-deleted', 'cmi5.course-imported']);
  });

  it('need the right to manage courses to import', async () => {
    const coordinator = await t.tokenFor('coordinator', { organisationId: t.kb.id });
    expectProblem(await importPackage('001-essentials.zip', 'application/zip', coordinator), 403, 'forbidden');
    expectProblem(
      await t
        .http(null)
        .post('/v1/cmi5/courses')
        .set('content-type', 'application/zip')
        .send(fixture('001-essentials.zip')),
      401,
    );
  });
});

describe('an assignable unit served by Loket', () => {
  it('may call the LRS and its fetch URL from its sandboxed ("null") origin, with any method the LRS takes', async () => {
    const preflight = await t
      .http(null)
      .options('/v1/xapi/statements')
      .set('origin', 'null')
      .set('access-control-request-method', 'PUT')
      .set('access-control-request-headers', 'authorization,content-type,x-experience-api-version');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('null');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/authorization/i);
    // A unit stores statements with PUT and clears its state with DELETE.
    expect(preflight.headers['access-control-allow-methods']).toMatch(/PUT/);
    expect(preflight.headers['access-control-allow-methods']).toMatch(/DELETE/);
    const about = await t.http(null).get('/v1/xapi/about').set('origin', 'null');
    expect(about.headers['access-control-allow-origin']).toBe('null');
    expect(about.headers['access-control-expose-headers']).toMatch(/x-experience-api-version/);
    const fetch = await t.http(null).post('/v1/cmi5/fetch/unknown-key').set('origin', 'null');
    expect(fetch.headers['access-control-allow-origin']).toBe('null');
    // Players join the endpoint (ending in a slash) and the resource with a slash of their own.
    const joined = await t.http(null).get('/v1/xapi//about');
    expect(joined.status).toBe(200);
    // The rest of the API still answers only the origins it is configured for.
    const me = await t.http(null).get('/v1/me').set('origin', 'null');
    expect(me.headers['access-control-allow-origin']).toBeUndefined();
  });
});
