/**
 * The did:web DID of a base URL, as the did:web method specification derives it: the host (with its
 * port's colon percent-encoded) and then each path segment, separated by colons.
 * `https://loket.example` → `did:web:loket.example`; `http://localhost:3000` →
 * `did:web:localhost%3A3000`; `https://bibliotheek.example/loket` → `did:web:bibliotheek.example:loket`.
 */
export function didWebFor(baseUrl: string): string {
  const url = new URL(baseUrl);
  const segments = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', encodeURIComponent(url.host), ...segments].join(':');
}

/**
 * Where a resolver fetches the DID document of didWebFor(baseUrl), relative to the base URL:
 * `/.well-known/did.json` for a bare host, `/did.json` below a path.
 */
export const didDocumentPath = (baseUrl: string): string =>
  new URL(baseUrl).pathname.replace(/\/+$/, '') === '' ? '/.well-known/did.json' : '/did.json';
