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

async function tokenRequest(form: Record<string, string>): Promise<Tokens | null> {
  const response = await fetch('/v1/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  if (!response.ok) return null;
  const body = (await response.json()) as { access_token: string; refresh_token: string; expires_in: number };
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    expiresAt: Date.now() + body.expires_in * 1000,
  };
}

export async function signIn(username: string, password: string): Promise<boolean> {
  const tokens = await tokenRequest({ grant_type: 'password', username, password });
  store(tokens);
  return tokens !== null;
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
