import type { components } from '@loket/client';
import { HttpError } from 'ra-core';
import { i18nProvider } from './i18n';
import { describe } from './i18n/problems';

/**
 * A problem+json body as the Loket API sends it (RFC 9457), every field taken as optional: a proxy
 * in between may answer an error of its own. The admin says `code` in the user's language (i18n/problems.ts).
 */
export type Problem = Partial<components['schemas']['Problem']>;

type Translate = (key: string, options?: Record<string, unknown>) => string;

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Supplies the bearer token for a request; null when signed out. */
export type TokenSource = () => Promise<string | null>;

/** "/organisationId" → "organisationId", "/address/city" → "address.city": react-admin's field names. */
export function fieldName(path: string): string {
  return path.replace(/^\//, '').replaceAll('/', '.');
}

/**
 * Turns a problem response into react-admin's HttpError. Field errors go in body.errors, where the
 * form puts each message under its input; an error on the whole body ("/") becomes the form's
 * root.serverError, which react-admin shows as the notification.
 */
export function toHttpError(
  status: number,
  problem: Problem | null,
  translate: Translate = (key, options) => i18nProvider.translate(key, options),
): HttpError {
  if (status === 412)
    return new HttpError(describe({ code: 'stale-version' }, status, translate), status, { stale: true });
  const message = describe(problem, status, translate);
  const errors: Record<string, unknown> = {};
  for (const field of problem?.errors ?? []) {
    const name = fieldName(field.path);
    const text = describe(field, status, translate);
    if (name) errors[name] = text;
    else errors.root = { serverError: text };
  }
  return new HttpError(message, status, { ...problem, errors: Object.keys(errors).length > 0 ? errors : undefined });
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  json: unknown;
}

function parse(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    // A proxy or gateway error page, not the API: the status says enough.
    return null;
  }
}

/** One place where every API call gets its token, its headers and its error handling. */
export function createHttpClient(fetchImpl: Fetch, token: TokenSource = async () => null, baseUrl = '') {
  return async (path: string, init: RequestInit = {}): Promise<JsonResponse> => {
    const headers = new Headers(init.headers);
    headers.set('accept', 'application/json, application/problem+json');
    if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    const bearer = await token();
    if (bearer) headers.set('authorization', `Bearer ${bearer}`);
    const response = await fetchImpl(`${baseUrl}${path}`, { ...init, headers });
    const json = parse(await response.text());
    if (!response.ok) throw toHttpError(response.status, json as Problem | null);
    return { status: response.status, headers: response.headers, json };
  };
}
export type HttpClient = ReturnType<typeof createHttpClient>;
