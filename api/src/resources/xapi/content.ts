import { createHash } from 'node:crypto';
import { getMultipartBoundary, MultipartParseError, parseMultipart } from '@remix-run/multipart-parser';
import { DomainError } from '../../lib/errors';

/** Request bodies of the statement resource: JSON, or multipart/mixed with the attachments' contents. */

export interface AttachmentContent {
  sha2: string;
  contentType: string;
  content: Buffer;
}

export interface StatementRequest {
  /** The statements as sent: one, or an array. */
  body: unknown;
  /** Whether it came as multipart/mixed, so attachments without a fileUrl may be in it. */
  multipart: boolean;
  /** The attachments' contents by their SHA-256. */
  attachments: Map<string, AttachmentContent>;
}

export const badContent = (detail: string, path = '/') =>
  new DomainError(400, 'validation', 'Invalid statement', detail, [{ path, message: detail }]);

const mediaType = (contentType: string | undefined) => (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** JSON text as a value; a problem that names the request body when it is not JSON. */
export function parseJson(text: string, what = 'The request body'): unknown {
  // PostgreSQL cannot keep U+0000 in JSON: refuse it as bad input rather than fail to store it.
  if (/\\u0000/i.test(text)) throw badContent(`${what} holds the character U+0000, which cannot be stored.`);
  try {
    return JSON.parse(text);
  } catch {
    throw badContent(`${what} is not valid JSON.`);
  }
}

function multipartStatements(contentType: string, raw: Buffer): StatementRequest {
  const boundary = getMultipartBoundary(contentType);
  if (!boundary) throw badContent('A multipart/mixed body needs a boundary parameter in its Content-Type.');
  // RFC 2046 lets a preamble (often a bare CRLF) come before the first boundary; it means nothing.
  const start = raw.indexOf(`--${boundary}`);
  const message = start > 0 ? raw.subarray(start) : raw;
  let parts: Array<{ headers: Record<string, string | undefined>; content: Buffer }>;
  try {
    parts = [...parseMultipart(message, { boundary, maxFileSize: raw.length + 1, maxTotalSize: raw.length + 1 })].map(
      (part) => ({ headers: { ...part.headers }, content: Buffer.from(part.bytes) }),
    );
  } catch (error) {
    if (error instanceof MultipartParseError) throw badContent(`The multipart body cannot be read: ${error.message}`);
    throw error;
  }
  const [first, ...rest] = parts;
  if (!first) throw badContent('The multipart body has no parts.');
  if (mediaType(first.headers['content-type']) !== 'application/json') {
    throw badContent('The first part of a multipart/mixed body must be the statements, as application/json.');
  }
  const attachments = new Map<string, AttachmentContent>();
  for (const [index, part] of rest.entries()) {
    const where = `the attachment part ${index + 1}`;
    const hash = part.headers['x-experience-api-hash']?.trim().toLowerCase();
    if (!hash) throw badContent(`${where} has no X-Experience-API-Hash header.`);
    if (part.headers['content-transfer-encoding']?.trim().toLowerCase() !== 'binary') {
      throw badContent(`${where} must have Content-Transfer-Encoding: binary.`);
    }
    if (createHash('sha256').update(part.content).digest('hex') !== hash) {
      throw badContent(`The content of ${where} does not have the SHA-256 its X-Experience-API-Hash names.`);
    }
    attachments.set(hash, {
      sha2: hash,
      contentType: part.headers['content-type']?.trim() || 'application/octet-stream',
      content: part.content,
    });
  }
  return { body: parseJson(first.content.toString('utf8'), 'The statements part'), multipart: true, attachments };
}

/** The statements of a POST or PUT, by its content type. */
export function statementRequest(contentType: string | undefined, raw: Buffer | undefined): StatementRequest {
  const type = mediaType(contentType);
  if (type === 'application/json') {
    return { body: parseJson((raw ?? Buffer.alloc(0)).toString('utf8')), multipart: false, attachments: new Map() };
  }
  if (type === 'multipart/mixed') return multipartStatements(contentType ?? '', raw ?? Buffer.alloc(0));
  throw badContent('Send statements as application/json, or as multipart/mixed with their attachments.');
}

/** A multipart/mixed answer: the JSON first, then each attachment's content. */
export function multipartAnswer(json: unknown, attachments: AttachmentContent[]): { boundary: string; body: Buffer } {
  const boundary = `xapi-${createHash('sha256').update(JSON.stringify(json)).digest('hex').slice(0, 32)}`;
  const chunks: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(json)}\r\n`),
  ];
  for (const attachment of attachments) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Type: ${attachment.contentType}\r\nContent-Transfer-Encoding: binary\r\n` +
          `X-Experience-API-Hash: ${attachment.sha2}\r\n\r\n`,
      ),
      attachment.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { boundary, body: Buffer.concat(chunks) };
}
