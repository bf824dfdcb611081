import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** What the test provider says about a person: the claims of their `email` and `profile` scopes. */
export interface TestAccount {
  email: string;
  email_verified?: boolean;
  xms_edov?: boolean;
  given_name?: string;
  family_name?: string;
  name?: string;
}

export interface TestIdp {
  /** The issuer, e.g. http://127.0.0.1:41234 */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Everyone who can sign in, by login name (any password is accepted); change it between tests. */
  accounts: Map<string, TestAccount>;
  /**
   * Follows an authorisation URL as a browser would, signing in as `login` on the provider's own
   * login and consent pages, and answers the URL the provider sends the browser back to.
   */
  signIn(authorizationUrl: string, login: string): Promise<URL>;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (node-oidc-provider) on a free port of this machine, with one
 * client registered for the given redirect URIs and PKCE required; its development login and
 * consent pages stand in for a tenant's. It puts the e-mail claims in the ID token only when
 * `idTokenClaims` is set; otherwise a client must read them from userinfo, as with most providers.
 */
export async function startIdp(options: { redirectUris: string[]; idTokenClaims?: boolean }): Promise<TestIdp> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => handler?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'loket';
  const clientSecret = randomBytes(24).toString('base64url');
  const accounts = new Map<string, TestAccount>();
  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified', 'xms_edov'],
      profile: ['name', 'given_name', 'family_name'],
    },
    conformIdTokenClaims: !options.idTokenClaims,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    findAccount: async (_ctx, sub) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...account }) };
    },
  };
  const provider = new Provider(issuer, configuration);
  // The provider runs over plain http here; it must not insist on secure cookies for that.
  provider.proxy = false;
  handler = provider.callback();

  const signIn = async (authorizationUrl: string, login: string): Promise<URL> => {
    const cookies = new Map<string, string>();
    const send = async (url: string, init: RequestInit = {}) => {
      const response = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: {
          ...(init.headers as Record<string, string>),
          cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        },
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const separator = pair?.indexOf('=') ?? -1;
        if (pair && separator > 0) cookies.set(pair.slice(0, separator), pair.slice(separator + 1));
      }
      return response;
    };
    let url = authorizationUrl;
    for (let step = 0; step < 20; step++) {
      if (!url.startsWith(issuer)) return new URL(url);
      const response = await send(url);
      const location = response.headers.get('location');
      if (location) {
        url = new URL(location, url).toString();
        continue;
      }
      const page = await response.text();
      const action = /action="([^"]+)"/.exec(page)?.[1];
      const prompt = /name="prompt" value="([^"]+)"/.exec(page)?.[1];
      if (!action || !prompt)
        throw new Error(`the provider showed no form (${response.status}): ${page.slice(0, 300)}`);
      const form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
      const submitted = await send(new URL(action, url).toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      const next = submitted.headers.get('location');
      if (!next) throw new Error(`the provider did not move on after ${prompt} (${submitted.status})`);
      url = new URL(next, url).toString();
    }
    throw new Error('the provider did not send the browser back');
  };

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    signIn,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
