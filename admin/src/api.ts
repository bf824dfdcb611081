import { createLoketClient } from '@loket/client';
import { type Problem, toHttpError } from './http';
import { accessToken } from './session';

/** The typed client for every call beyond react-admin's CRUD: paths and bodies checked against the OpenAPI document. */
export const loket = createLoketClient({ token: accessToken });

/** The data of a typed call, or react-admin's HttpError carrying the problem's field errors. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toHttpError(response.status, (error ?? null) as Problem | null);
  return data as T;
}
