import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

export * from './schema';

export interface LoketClientOptions {
  /** Where the API lives, e.g. "https://loket.example"; paths start with /v1/. Empty for same-origin. */
  baseUrl?: string;
  /** The bearer token for each request, or null when signed out; asked per request so it may refresh. */
  token?: () => string | null | Promise<string | null>;
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * A client whose paths, parameters, bodies and responses are the types of the committed OpenAPI
 * document, so a front end breaks at compile time, not in production, when the contract changes.
 */
export function createLoketClient({ baseUrl = '', token, fetch }: LoketClientOptions = {}) {
  const client = createClient<paths>({ baseUrl, ...(fetch ? { fetch } : {}) });
  if (token) {
    const bearer: Middleware = {
      async onRequest({ request }) {
        const value = await token();
        if (value) request.headers.set('authorization', `Bearer ${value}`);
        return request;
      },
    };
    client.use(bearer);
  }
  return client;
}

export type LoketClient = ReturnType<typeof createLoketClient>;
