import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  contentTypeOf,
  InvalidPackage,
  isIri,
  PackageTooLarge,
  packageLimits,
  packageTypeOf,
  readPackage,
  readStructure,
  resolveAuUrl,
} from '../../api/src/resources/cmi5-courses/package';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cmi5/${name}`, import.meta.url));

/** A course structure with the given assignable units' `<au>` elements. */
const structure = (units: string, courseId = 'https://cursus.example/cursus') => `<?xml version="1.0"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="${courseId}">
    <title><langstring lang="nl-NL">Cursus</langstring></title>
    <description><langstring lang="nl-NL">Over de cursus</langstring></description>
  </course>
  ${units}
</courseStructure>`;
const unit = (url: string, id = 'https://cursus.example/les-1', attributes = '') => `
  <au id="${id}" ${attributes}>
    <title><langstring lang="nl-NL">Les</langstring></title>
    <description><langstring>Zonder taal</langstring></description>
    <url>${url}</url>
  </au>`;

async function refusal(promise: Promise<unknown>): Promise<InvalidPackage> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidPackage);
  return error as InvalidPackage;
}

describe('the kind of package (cmi5 14.0)', () => {
  it.each([
    ['text/xml', 'xml'],
    ['application/xml; charset=utf-8', 'xml'],
    ['application/zip', 'zip'],
    ['Application/X-Zip-Compressed', 'zip'],
    ['application/octet-stream', 'zip'],
  ])('%s is a %s package', (type, kind) => {
    expect(packageTypeOf(type)).toBe(kind);
  });

  it.each([['text/markdown; charset=UTF-8'], ['application/json'], [undefined]])('%s is refused', (type) => {
    expect(() => packageTypeOf(type)).toThrow(expect.objectContaining({ requirement: '14.0.0.0-1' }));
  });
});

describe('a course structure (cmi5 13)', () => {
  it('gives each unit its defaults, its text by language and its blocks', async () => {
    const course = await readStructure(
      structure(`<block id="urn:loket:blok">
        <title><langstring lang="en">Block</langstring><langstring lang="nl">Blok</langstring></title>
        <description><langstring lang="en">-</langstring></description>
        ${unit('https://cursus.example/les-1/?taal=nl&amp;x=1')}
        ${unit('https://cursus.example/les-2/', 'https://cursus.example/les-2', 'moveOn="Passed" masteryScore="0.75" launchMethod="OwnWindow" activityType="http://adlnet.gov/expapi/activities/lesson"')}
      </block>`),
    );
    expect(course.assignableUnits).toEqual([
      {
        publisherId: 'https://cursus.example/les-1',
        title: { 'nl-NL': 'Les' },
        description: { und: 'Zonder taal' },
        url: 'https://cursus.example/les-1/?taal=nl&x=1',
        moveOn: 'NotApplicable',
        masteryScore: null,
        launchMethod: 'AnyWindow',
        launchParameters: null,
        entitlementKey: null,
        activityType: null,
        blocks: ['urn:loket:blok'],
      },
      expect.objectContaining({
        moveOn: 'Passed',
        masteryScore: 0.75,
        launchMethod: 'OwnWindow',
        activityType: 'http://adlnet.gov/expapi/activities/lesson',
      }),
    ]);
    expect(course.structure).toEqual([
      {
        type: 'block',
        publisherId: 'urn:loket:blok',
        title: { en: 'Block', nl: 'Blok' },
        children: [
          { type: 'au', position: 0 },
          { type: 'au', position: 1 },
        ],
      },
    ]);
  });

  it.each([
    ['a moveOn the schema does not know', unit('https://c.example/', undefined, 'moveOn="Done"'), '13.2.0.0-1'],
    ['a masteryScore above 1', unit('https://c.example/', undefined, 'masteryScore="1.5"'), '13.2.0.0-1'],
    ['no assignable unit at all', '', '13.2.0.0-1'],
    ['an AU URL with a javascript: scheme', unit('javascript:alert(1)'), '13.1.4.0-2'],
    ['an AU URL with a broken escape', unit('https://c.example/les%zz.html'), '13.2.0.0-1'],
    ['an AU URL with an ftp: scheme', unit('ftp://c.example/les.html'), '13.1.4.0-2'],
    ['an AU URL that names the fetch parameter', unit('https://c.example/?fetch=x'), '8.1.0.0-6'],
    ['an AU URL that names activityId', unit('les.html?activityId=x'), '8.1.0.0-6'],
    ['an AU id without a scheme', unit('https://c.example/', 'les-1'), '3.0.0.0-1'],
  ])('with %s is refused', async (_what, units, requirement) => {
    expect((await refusal(readStructure(structure(units)))).requirement).toBe(requirement);
  });

  it('with an external entity is refused, the file it names never read', async () => {
    const xml = structure(unit('https://c.example/'))
      .replace(
        '<courseStructure',
        '<!DOCTYPE courseStructure [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<courseStructure',
      )
      .replace('>Cursus<', '>&x;<');
    const error = await refusal(readStructure(xml));
    expect(error.requirement).toBe('13.2.0.0-1');
    expect(error.message).not.toContain('root:');
  });
});

describe('IRIs (cmi5 3.0)', () => {
  it.each([
    ['https://w3id.org/xapi/cmi5/course/1', true],
    ['urn:uuid:0190a1b2-0000-7000-8000-000000000001', true],
    ['w3id.org/xapi/cmi5/course/1', false],
    ['https://example.org/a b', false],
    ['', false],
  ])('%s: %s', (value, valid) => {
    expect(isIri(value)).toBe(valid);
  });
});

describe('a zip package (cmi5 14.1)', () => {
  it('is read from a ZIP64 archive', async () => {
    const zip = fixture('102-zip64.zip');
    // The ZIP64 end of central directory record and its locator: a real ZIP64 archive.
    expect(zip.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
    expect(zip.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(true);
    const course = await readPackage('zip', zip);
    expect(course.files.map((file) => file.path).sort()).toEqual(['102-zip64.js', 'cmi5.xml', 'index.html']);
  });

  it('keeps its files with their content types', async () => {
    const course = await readPackage('zip', fixture('001-essentials.zip'));
    expect(
      course.files.map(({ path, contentType }) => ({ path, contentType })).sort((a, b) => a.path.localeCompare(b.path)),
    ).toEqual([
      { path: 'cmi5.xml', contentType: 'application/xml' },
      { path: 'index.html', contentType: 'text/html; charset=utf-8' },
      { path: 'lessons/les.js', contentType: 'text/javascript; charset=utf-8' },
    ]);
  });

  it('is refused when it unpacks to more than the limit (a zip bomb) or holds too many entries', async () => {
    const zip = fixture('001-essentials.zip');
    await expect(readPackage('zip', zip, { ...packageLimits, unpackedBytes: 1_000 })).rejects.toBeInstanceOf(
      PackageTooLarge,
    );
    await expect(readPackage('zip', zip, { ...packageLimits, entries: 2 })).rejects.toBeInstanceOf(PackageTooLarge);
  });

  it('is refused when an entry would land outside it', async () => {
    const error = await refusal(readPackage('zip', fixture('path-traversal.zip')));
    expect(error.requirement).toBe('14.1.0.0-1');
    expect(error.message).toContain('../escaped.html');
  });

  it('finds the file a relative AU URL names, percent-escapes and query aside', async () => {
    const course = await readPackage('zip', fixture('encoded-url.zip'));
    expect(course.assignableUnits[0]?.url).toBe('lessen/mijn%20les.html?stap=1');
    expect(course.files.map((file) => file.path)).toContain('lessen/mijn les.html');
  });

  it('is refused when a relative AU URL leads out of the package', async () => {
    const error = await refusal(readPackage('zip', fixture('url-outside.zip')));
    expect(error.requirement).toBe('14.1.0.0-4');
  });
});

describe('the launch URL of an assignable unit', () => {
  const course = '0190a1b2-0000-7000-8000-000000000001';
  it('is the unit\u2019s own when fully qualified', () => {
    expect(resolveAuUrl('https://loket.example', course, 'https://cursus.example/les.html?a=1')).toBe(
      'https://cursus.example/les.html?a=1',
    );
  });
  it('is the file Loket serves when relative', () => {
    expect(resolveAuUrl('https://loket.example/', course, 'les/index.html?a=1')).toBe(
      `https://loket.example/cmi5/courses/${course}/files/les/index.html?a=1`,
    );
  });
});

describe('content types', () => {
  it.each([
    ['index.HTML', 'text/html; charset=utf-8'],
    ['media/film.mp4', 'video/mp4'],
    ['fonts/a.woff2', 'font/woff2'],
    ['README', 'application/octet-stream'],
  ])('%s: %s', (path, type) => {
    expect(contentTypeOf(path)).toBe(type);
  });
});
