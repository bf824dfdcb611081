import type { IncomingMessage } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import { badRequest } from '../../lib/errors';

/**
 * xAPI 1.0.3's alternate request syntax (Communication 1.3): a browser that cannot send other
 * methods or headers POSTs a form to `...?method=PUT`, with the headers, the parameters and the
 * body (`content`) as form fields. Such a request is routed here before authentication (its
 * credentials are in the body) and replayed in-process as the request it stands for, which then
 * passes through every check a direct request does.
 */

const prefix = '/v1/xapi/';
const alternatePrefix = '/v1/xapi-alternate/';
/** Form fields that are headers of the request the form stands for. */
const headerFields = new Set([
  'authorization',
  'x-experience-api-version',
  'content-type',
  'if-match',
  'if-none-match',
]);
const methods = new Set(['GET', 'HEAD', 'PUT', 'POST', 'DELETE']);

/** Fastify's rewriteUrl: a request with a `method` query parameter under /v1/xapi goes to the alternate route. */
export function alternateRequestUrl(request: IncomingMessage): string {
  const url = request.url ?? '/';
  if (!url.startsWith(prefix)) return url;
  const query = url.indexOf('?');
  if (query < 0 || !new URLSearchParams(url.slice(query + 1)).has('method')) return url;
  return `${alternatePrefix}${url.slice(prefix.length)}`;
}

export const alternateRoute: FastifyPluginAsync = async (app) => {
  app.all(
    `${alternatePrefix}*`,
    // Public only as far as this hop goes: the replayed request is authenticated as any other.
    { config: { permission: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      if (request.method !== 'POST') throw badRequest('The alternate request syntax is a POST.', 'alternate-syntax');
      const url = new URL(request.url, 'http://loket.invalid');
      const method = (url.searchParams.get('method') ?? '').toUpperCase();
      if (!methods.has(method))
        throw badRequest(`method must be one of ${[...methods].join(', ')}.`, 'alternate-syntax');
      if ([...url.searchParams.keys()].some((name) => name !== 'method')) {
        throw badRequest(
          'With the alternate request syntax every parameter is a form field; the query holds only method.',
          'alternate-syntax',
        );
      }
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (contentType !== 'application/x-www-form-urlencoded') {
        throw badRequest('The alternate request syntax sends application/x-www-form-urlencoded.', 'alternate-syntax');
      }
      const form = new URLSearchParams(Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '');
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && headerFields.has(name) && name !== 'content-type') headers[name] = value;
      }
      const parameters = new URLSearchParams();
      let content: string | undefined;
      for (const [name, value] of form.entries()) {
        const lower = name.toLowerCase();
        if (lower === 'content') content = value;
        else if (headerFields.has(lower)) headers[lower] = value;
        else if (lower !== 'content-length') parameters.append(name, value);
      }
      if (content !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      const search = parameters.toString();
      const target = `${prefix}${url.pathname.slice(alternatePrefix.length)}${search ? `?${search}` : ''}`;
      const answer = await app.inject({
        method: method as 'GET',
        url: target,
        headers,
        // The client's own address, so its limits and log lines stay its own.
        remoteAddress: request.ip,
        ...(content === undefined ? {} : { payload: content }),
      });
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !['content-length', 'connection', 'transfer-encoding', 'date'].includes(name)) {
          reply.header(name, value);
        }
      }
      return reply.code(answer.statusCode).send(answer.rawPayload);
    },
  );
};
