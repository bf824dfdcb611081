import { HttpError } from 'ra-core';

/** A problem+json body as the Loket API sends it (RFC 9457). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Supplies the bearer token for a request; null when signed out. */
export type TokenSource = () => Promise<string | null>;

export const staleMessage =
  'Iemand anders heeft dit record intussen gewijzigd. Laad de pagina opnieuw en probeer het nog eens.';

/** "/organisationId" → "organisationId", "/address/city" → "address.city": react-admin's field names. */
export function fieldName(path: string): string {
  return path.replace(/^\/(body\/)?/, '').replaceAll('/', '.');
}

/** Turns a problem response into react-admin's HttpError, with messages on the right form fields. */
export function toHttpError(status: number, problem: Problem | null): HttpError {
  if (status === 412) return new HttpError(staleMessage, status, { stale: true });
  const errors = Object.fromEntries((problem?.errors ?? []).map((e) => [fieldName(e.path), e.message]));
  const message = problem?.detail ?? problem?.title ?? `Fout ${status}`;
  return new HttpError(message, status, Object.keys(errors).length > 0 ? { errors } : (problem ?? undefined));
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  json: unknown;
}

/** One place where every API call gets its token, its headers and its error handling. */
export function createHttpClient(fetchImpl: Fetch, token: TokenSource, baseUrl = '') {
  return async (path: string, init: RequestInit = {}): Promise<JsonResponse> => {
    const headers = new Headers(init.headers);
    headers.set('accept', 'application/json');
    if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    const bearer = await token();
    if (bearer) headers.set('authorization', `Bearer ${bearer}`);
    const response = await fetchImpl(`${baseUrl}${path}`, { ...init, headers });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : null;
    if (!response.ok) throw toHttpError(response.status, json as Problem | null);
    return { status: response.status, headers: response.headers, json };
  };
}
export type HttpClient = ReturnType<typeof createHttpClient>;
