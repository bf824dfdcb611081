import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import type { Cmi5LaunchMethod, Cmi5MoveOn, Cmi5PackageType, Cmi5StructureNode, LangStrings } from '@loket/db';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import { fromBufferPromise } from 'yauzl';

/**
 * Reading a cmi5 course package (cmi5 13 and 14) as an LMS must on import: a `cmi5.xml`, or a zip
 * with `cmi5.xml` at its root and the assignable units' files. Whatever breaks a rule of the
 * specification is refused with the rule's requirement id (as ADL's CATAPULT test suite names them).
 */

export class InvalidPackage extends Error {
  constructor(
    readonly requirement: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidPackage';
  }
}

/** A zip larger than the limits when unpacked: refused before it fills memory (a zip bomb). */
export class PackageTooLarge extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageTooLarge';
  }
}

export interface PackageLimits {
  /** Files (and folders) a zip may hold. */
  entries: number;
  /** What all of a zip's files may add up to, unpacked. */
  unpackedBytes: number;
  /** The cmi5.xml itself. */
  structureBytes: number;
}

export const packageLimits: PackageLimits = {
  entries: 10_000,
  unpackedBytes: 512 * 1024 * 1024,
  structureBytes: 16 * 1024 * 1024,
};

export interface PackageFile {
  path: string;
  contentType: string;
  content: Buffer;
}

export interface PackageUnit {
  publisherId: string;
  title: LangStrings;
  description: LangStrings;
  url: string;
  moveOn: Cmi5MoveOn;
  masteryScore: number | null;
  launchMethod: Cmi5LaunchMethod;
  launchParameters: string | null;
  entitlementKey: string | null;
  activityType: string | null;
  blocks: string[];
}

export interface CoursePackage {
  packageType: Cmi5PackageType;
  publisherId: string;
  title: LangStrings;
  description: LangStrings;
  assignableUnits: PackageUnit[];
  structure: Cmi5StructureNode[];
  files: PackageFile[];
}

const xmlTypes = new Set(['text/xml', 'application/xml']);
const zipTypes = new Set(['application/zip', 'application/x-zip-compressed', 'application/octet-stream']);

/** Which kind of package a request's Content-Type announces (cmi5 14.0: a zip or a cmi5.xml, nothing else). */
export function packageTypeOf(contentType: string | undefined): Cmi5PackageType {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (xmlTypes.has(mediaType)) return 'xml';
  if (zipTypes.has(mediaType)) return 'zip';
  throw new InvalidPackage(
    '14.0.0.0-1',
    `A course package is a cmi5.xml (text/xml or application/xml) or a zip (application/zip); ${mediaType || 'a body without a Content-Type'} is neither.`,
  );
}

/** Reads and checks a package; throws InvalidPackage naming the rule it breaks. */
export async function readPackage(
  packageType: Cmi5PackageType,
  body: Buffer,
  limits: PackageLimits = packageLimits,
): Promise<CoursePackage> {
  if (packageType === 'xml') {
    if (body.length > limits.structureBytes)
      throw new PackageTooLarge(`A cmi5.xml may hold ${limits.structureBytes} bytes.`);
    const course = await readStructure(body.toString('utf8'));
    for (const unit of course.assignableUnits) {
      if (!isAbsolute(unit.url)) {
        throw new InvalidPackage(
          '14.2.0.0-1',
          `The assignable unit ${unit.publisherId} has the relative URL "${unit.url}": a package that is only a cmi5.xml must give every unit a fully qualified URL.`,
        );
      }
    }
    return { ...course, packageType, files: [] };
  }
  const files = await unzip(body, limits);
  const structure = files.get('cmi5.xml');
  if (!structure) {
    throw new InvalidPackage('14.1.0.0-2', 'The zip has no cmi5.xml at its root.');
  }
  if (structure.content.length > limits.structureBytes) {
    throw new PackageTooLarge(`A cmi5.xml may hold ${limits.structureBytes} bytes.`);
  }
  const course = await readStructure(structure.content.toString('utf8'));
  for (const unit of course.assignableUnits) {
    if (isAbsolute(unit.url)) continue;
    const path = packagePath(unit.url);
    if (path === undefined || !files.has(path)) {
      throw new InvalidPackage(
        '14.1.0.0-4',
        `The assignable unit ${unit.publisherId} has the URL "${unit.url}", which names no file in the zip.`,
      );
    }
  }
  return { ...course, packageType, files: [...files.values()] };
}

/**
 * The URL an assignable unit is launched at: its own when fully qualified, else its file among the
 * package's, which Loket serves at /cmi5/courses/{id}/files/.
 */
export function resolveAuUrl(publicUrl: string, courseId: string, url: string): string {
  if (isAbsolute(url)) return url;
  return `${publicUrl.replace(/\/+$/, '')}/cmi5/courses/${courseId}/files/${url}`;
}

const schemePattern = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** Whether it holds what no URI or IRI may hold as it stands (RFC 3986 and 3987): spaces, controls, and these. */
const hasForbidden = (value: string) =>
  /[\s<>"{}|\\^`]/u.test(value) || [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

const isAbsolute = (url: string) => schemePattern.test(url);

/** An IRI in the sense of cmi5 3.0: absolute, with a scheme, and nothing a URI may not contain. */
export function isIri(value: string): boolean {
  if (!schemePattern.test(value) || hasForbidden(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** The launch parameters an LMS adds to an AU's URL (cmi5 8.1): a package's URL may not name them. */
const launchParameterNames = ['endpoint', 'fetch', 'actor', 'registration', 'activityId'];

/** An AU URL: fully qualified http(s), or a reference relative to the package. */
function checkAuUrl(publisherId: string, url: string): void {
  const invalid = () =>
    new InvalidPackage('13.1.4.0-2', `The assignable unit ${publisherId} has an invalid URL: "${url}".`);
  if (hasForbidden(url) || /%(?![0-9A-Fa-f]{2})/.test(url)) throw invalid();
  let parsed: URL;
  try {
    parsed = new URL(url, 'https://package.invalid/');
  } catch {
    throw invalid();
  }
  if (isAbsolute(url) && parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalid();
  const taken = launchParameterNames.filter((name) => parsed.searchParams.has(name));
  if (taken.length > 0) {
    throw new InvalidPackage(
      '8.1.0.0-6',
      `The assignable unit ${publisherId} has a URL whose query names ${taken.join(', ')}: those are the launch parameters the LMS adds.`,
    );
  }
}

/** The path inside the zip a relative URL names (its query and fragment left off), if it stays inside. */
function packagePath(url: string): string | undefined {
  const path = url.split(/[?#]/)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (decoded.startsWith('/')) return undefined;
  const normal = posix.normalize(decoded);
  return normal.startsWith('../') || normal === '..' ? undefined : normal;
}

const courseStructureXsd = readFileSync(new URL('./CourseStructure.xsd', import.meta.url), 'utf8');

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
});

/** fast-xml-parser's ordered form: each node is `{ [tag]: children, ':@'?: attributes }`. */
type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const tagOf = (node: OrderedNode) => Object.keys(node).find((key) => key !== ':@') ?? '';
const childrenOf = (node: OrderedNode) => (node[tagOf(node)] as OrderedNode[] | undefined) ?? [];
const childrenNamed = (node: OrderedNode, tag: string) => childrenOf(node).filter((child) => tagOf(child) === tag);
/** An element's text, without the white space around it (which XML Schema's anyURI collapses too). */
const textOf = (node: OrderedNode | undefined) =>
  node
    ? childrenOf(node)
        .map((child) => (typeof child['#text'] === 'string' ? child['#text'] : ''))
        .join('')
        .trim()
    : '';

function langStrings(node: OrderedNode | undefined): LangStrings {
  const strings: LangStrings = {};
  for (const langstring of node ? childrenNamed(node, 'langstring') : []) {
    strings[langstring[':@']?.lang ?? 'und'] = textOf(langstring);
  }
  return strings;
}

async function validAgainstSchema(xml: string): Promise<string | undefined> {
  const checked = XMLValidator.validate(xml);
  if (checked !== true) return `It is not well-formed XML (line ${checked.err.line}: ${checked.err.msg}).`;
  try {
    const result = await validateXML({
      xml: { fileName: 'cmi5.xml', contents: xml },
      schema: { fileName: 'CourseStructure.xsd', contents: courseStructureXsd },
      maxMemoryPages: 16 * 256,
    });
    if (result.valid) return undefined;
    return result.errors
      .slice(0, 3)
      .map((error) => (error.loc ? `line ${error.loc.lineNumber}: ${error.message}` : error.message))
      .join('; ');
  } catch (error) {
    return `xmllint could not read it (${(error as Error).message.trim()}).`;
  }
}

/** Reads a course structure (cmi5 13): schema-valid, ids unique and IRIs, AU URLs valid. */
export async function readStructure(xml: string): Promise<Omit<CoursePackage, 'packageType' | 'files'>> {
  const problem = await validAgainstSchema(xml);
  if (problem !== undefined) {
    throw new InvalidPackage(
      '13.2.0.0-1',
      `The cmi5.xml is not valid against the cmi5 CourseStructure.xsd: ${problem}`,
    );
  }
  let document: OrderedNode[];
  try {
    document = parser.parse(xml) as OrderedNode[];
  } catch (error) {
    // xmllint accepted it, but it declares what Loket will not read, such as an external entity.
    throw new InvalidPackage('13.2.0.0-1', `The cmi5.xml cannot be read: ${(error as Error).message}.`);
  }
  const root = document.find((node) => tagOf(node) === 'courseStructure') as OrderedNode;
  const course = childrenNamed(root, 'course')[0] as OrderedNode;
  const objectives = childrenNamed(root, 'objectives').flatMap((node) => childrenNamed(node, 'objective'));

  const ids: Array<{ kind: string; id: string }> = [
    { kind: 'course', id: course[':@']?.id ?? '' },
    ...objectives.map((objective) => ({ kind: 'objective', id: objective[':@']?.id ?? '' })),
  ];
  const blockIds = new Set<string>();
  const auIds = new Set<string>();
  const assignableUnits: PackageUnit[] = [];

  const walk = (parent: OrderedNode, blocks: string[]): Cmi5StructureNode[] =>
    childrenOf(parent).flatMap((node): Cmi5StructureNode[] => {
      const tag = tagOf(node);
      const id = node[':@']?.id ?? '';
      if (tag === 'block') {
        if (blockIds.has(id)) throw new InvalidPackage('13.1.2.0-1', `The block id ${id} is used twice.`);
        blockIds.add(id);
        ids.push({ kind: 'block', id });
        const children = walk(node, [...blocks, id]);
        return [{ type: 'block', publisherId: id, title: langStrings(childrenNamed(node, 'title')[0]), children }];
      }
      if (tag !== 'au') return [];
      if (auIds.has(id)) throw new InvalidPackage('13.1.4.0-1', `The assignable unit id ${id} is used twice.`);
      auIds.add(id);
      ids.push({ kind: 'assignable unit', id });
      const attributes = node[':@'] ?? {};
      const launchParameters = childrenNamed(node, 'launchParameters')[0];
      const entitlementKey = childrenNamed(node, 'entitlementKey')[0];
      assignableUnits.push({
        publisherId: id,
        title: langStrings(childrenNamed(node, 'title')[0]),
        description: langStrings(childrenNamed(node, 'description')[0]),
        url: textOf(childrenNamed(node, 'url')[0]),
        moveOn: (attributes.moveOn as Cmi5MoveOn | undefined) ?? 'NotApplicable',
        masteryScore: attributes.masteryScore === undefined ? null : Number(attributes.masteryScore),
        launchMethod: (attributes.launchMethod as Cmi5LaunchMethod | undefined) ?? 'AnyWindow',
        launchParameters: launchParameters ? textOf(launchParameters) : null,
        entitlementKey: entitlementKey ? textOf(entitlementKey) : null,
        activityType: attributes.activityType ?? null,
        blocks,
      });
      return [{ type: 'au', position: assignableUnits.length - 1 }];
    });

  const seenObjectives = new Set<string>();
  for (const objective of objectives) {
    const id = objective[':@']?.id ?? '';
    if (seenObjectives.has(id)) throw new InvalidPackage('13.1.3.0-1', `The objective id ${id} is used twice.`);
    seenObjectives.add(id);
  }
  const structure = walk(root, []);
  for (const { kind, id } of ids) {
    if (!isIri(id)) {
      throw new InvalidPackage(
        '3.0.0.0-1',
        `The ${kind} id "${id}" is not an IRI (it needs a scheme, such as https:).`,
      );
    }
  }
  for (const unit of assignableUnits) checkAuUrl(unit.publisherId, unit.url);
  return {
    publisherId: course[':@']?.id ?? '',
    title: langStrings(childrenNamed(course, 'title')[0]),
    description: langStrings(childrenNamed(course, 'description')[0]),
    assignableUnits,
    structure,
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A zip's files by path, within the limits; folders left out. yauzl refuses paths that leave the zip. */
async function unzip(body: Buffer, limits: PackageLimits): Promise<Map<string, PackageFile>> {
  const notAZip = (error: unknown) =>
    new InvalidPackage('14.1.0.0-1', `The package is not a zip that can be read: ${(error as Error).message}.`);
  let zip: Awaited<ReturnType<typeof fromBufferPromise>>;
  try {
    zip = await fromBufferPromise(body, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true });
  } catch (error) {
    throw notAZip(error);
  }
  try {
    if (zip.entryCount > limits.entries) {
      throw new PackageTooLarge(`The zip holds ${zip.entryCount} entries; at most ${limits.entries} are taken.`);
    }
    const files = new Map<string, PackageFile>();
    let unpacked = 0;
    try {
      for await (const entry of zip.eachEntry()) {
        if (entry.fileName.endsWith('/')) continue;
        unpacked += entry.uncompressedSize;
        if (unpacked > limits.unpackedBytes) {
          throw new PackageTooLarge(`The zip's files add up to more than ${limits.unpackedBytes} bytes unpacked.`);
        }
        if (entry.isEncrypted()) throw new InvalidPackage('14.1.0.0-1', `${entry.fileName} is encrypted.`);
        const content = await readAll(await zip.openReadStreamPromise(entry));
        files.set(entry.fileName, { path: entry.fileName, contentType: contentTypeOf(entry.fileName), content });
      }
    } catch (error) {
      if (error instanceof InvalidPackage || error instanceof PackageTooLarge) throw error;
      throw notAZip(error);
    }
    return files;
  } finally {
    zip.close();
  }
}

const contentTypes: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  xhtml: 'application/xhtml+xml',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  map: 'application/json',
  xml: 'application/xml',
  xsd: 'application/xml',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  bmp: 'image/bmp',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  eot: 'application/vnd.ms-fontobject',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
  oga: 'audio/ogg',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  ogv: 'video/ogg',
  pdf: 'application/pdf',
  wasm: 'application/wasm',
  swf: 'application/x-shockwave-flash',
  zip: 'application/zip',
};

/** A file's Content-Type, by its extension. */
export function contentTypeOf(path: string): string {
  const extension = posix.extname(path).slice(1).toLowerCase();
  return contentTypes[extension] ?? 'application/octet-stream';
}
