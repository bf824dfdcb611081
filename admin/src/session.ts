/** The signed-in session: tokens kept for the browser tab, refreshed before they expire. */
interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

const storageKey = 'loket.session';

function read(): Tokens | null {
  const raw = sessionStorage.getItem(storageKey);
  return raw ? (JSON.parse(raw) as Tokens) : null;
}

function store(tokens: Tokens | null) {
  if (tokens) sessionStorage.setItem(storageKey, JSON.stringify(tokens));
  else sessionStorage.removeItem(storageKey);
}

/** The answer of the token endpoint, and the problem code when it refused. */
async function tokenCall(form: Record<string, string>): Promise<{ tokens: Tokens | null; code: string | null }> {
  const response = await fetch('/v1/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as { type?: string } | null;
    return { tokens: null, code: problem?.type?.replace('urn:problem:loket:', '') ?? null };
  }
  const body = (await response.json()) as { access_token: string; refresh_token: string; expires_in: number };
  return {
    tokens: {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: Date.now() + body.expires_in * 1000,
    },
    code: null,
  };
}

async function tokenRequest(form: Record<string, string>): Promise<Tokens | null> {
  return (await tokenCall(form)).tokens;
}

/** Answers null when signed in, else the problem code (e.g. sign-in-with-organisation). */
export async function signInWithPassword(username: string, password: string): Promise<string | null> {
  const { tokens, code } = await tokenCall({ grant_type: 'password', username, password });
  store(tokens);
  return tokens ? null : (code ?? 'sign-in-failed');
}

const verifierKey = 'loket.oidc-verifier';
const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

/**
 * Sends the browser to the person's identity provider. The PKCE verifier stays in this tab: only
 * this tab can redeem the code Loket hands back, so a code that leaks (or a link someone else
 * started) is useless.
 */
export async function startOrganisationSignIn(email: string): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  sessionStorage.setItem(verifierKey, verifier);
  const query = new URLSearchParams({ email, code_challenge: challenge, code_challenge_method: 'S256' });
  window.location.assign(`/v1/auth/oidc/start?${query}`);
}

/** Redeems the one-time code Loket sent back from the provider; answers null when signed in, else a problem code. */
export async function finishOrganisationSignIn(code: string): Promise<string | null> {
  const verifier = sessionStorage.getItem(verifierKey);
  sessionStorage.removeItem(verifierKey);
  if (!verifier) return 'oidc-state-invalid';
  const answer = await tokenCall({ grant_type: 'authorization_code', code, code_verifier: verifier });
  store(answer.tokens);
  return answer.tokens ? null : (answer.code ?? 'sign-in-failed');
}

let refreshing: Promise<Tokens | null> | null = null;

/** The access token, refreshed silently when it has less than a minute left. */
export async function accessToken(): Promise<string | null> {
  const tokens = read();
  if (!tokens) return null;
  if (tokens.expiresAt - Date.now() > 60_000) return tokens.accessToken;
  refreshing ??= tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken }).finally(() => {
    refreshing = null;
  });
  const renewed = await refreshing;
  store(renewed);
  return renewed?.accessToken ?? null;
}

export async function signOut(): Promise<void> {
  const tokens = read();
  store(null);
  if (tokens) {
    await fetch('/v1/auth/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.refreshToken }),
    }).catch(() => undefined);
  }
}
