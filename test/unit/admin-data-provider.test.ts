import { describe, expect, it } from 'vitest';
import { changedFields, createDataProvider } from '../../admin/src/dataProvider';
import { createHttpClient, staleMessage } from '../../admin/src/http';

interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

function fakeApi(reply: (sent: Sent) => { status: number; body?: unknown }) {
  const sent: Sent[] = [];
  const fetch = async (url: string, init: RequestInit = {}) => {
    const request = {
      url,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    };
    sent.push(request);
    const { status, body } = reply(request);
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  };
  const http = createHttpClient(fetch, async () => 'token-1');
  return { sent, provider: createDataProvider(http, () => 'key-1') };
}

describe('the admin data provider', () => {
  it('asks for a page with limit, offset, sort and filters, and reads the total', async () => {
    const { sent, provider } = fakeApi(() => ({
      status: 200,
      body: { data: [{ id: 'a' }], page: { total: 41, limit: 20, nextCursor: 'x' } },
    }));
    const result = await provider.getList('participants', {
      pagination: { page: 3, perPage: 20 },
      sort: { field: 'familyName', order: 'DESC' },
      filter: { q: 'van der', organisationId: 'org-1' },
    });
    expect(result).toEqual({ data: [{ id: 'a' }], total: 41 });
    expect(sent[0]?.url).toBe('/v1/participants?limit=20&offset=40&sort=-familyName&q=van+der&organisationId=org-1');
    expect(sent[0]?.headers.get('authorization')).toBe('Bearer token-1');
  });

  it('sends only the changed fields with If-Match, and an Idempotency-Key on create', async () => {
    const { sent, provider } = fakeApi((request) => ({
      status: request.method === 'POST' ? 201 : 200,
      body: { id: 'p1', version: 4 },
    }));
    const previousData = { id: 'p1', version: 3, givenName: 'Anouk', jobTitle: null, updatedAt: 'x' };
    await provider.update('participants', {
      id: 'p1',
      data: { ...previousData, jobTitle: 'Baliemedewerker' },
      previousData,
    });
    expect(sent[0]?.method).toBe('PATCH');
    expect(sent[0]?.headers.get('if-match')).toBe('"3"');
    expect(sent[0]?.body).toEqual({ jobTitle: 'Baliemedewerker' });
    await provider.create('participants', { data: { givenName: 'Noor' } });
    expect(sent[1]?.headers.get('idempotency-key')).toBe('key-1');
  });

  it('puts problem+json field errors on the form fields', async () => {
    const { provider } = fakeApi(() => ({
      status: 422,
      body: {
        status: 422,
        title: 'Invalid input',
        detail: 'The request body has 1 invalid field.',
        errors: [{ path: '/email', message: 'must match format "email"' }],
      },
    }));
    await expect(provider.create('participants', { data: { email: 'x' } })).rejects.toMatchObject({
      status: 422,
      message: 'The request body has 1 invalid field.',
      body: { errors: { email: 'must match format "email"' } },
    });
  });

  it('explains a stale save in Dutch', async () => {
    const { provider } = fakeApi(() => ({
      status: 412,
      body: { status: 412, title: 'Precondition failed', detail: 'stale' },
    }));
    await expect(
      provider.update('organisations', {
        id: 'o',
        data: { name: 'X' },
        previousData: { id: 'o', version: 1, name: 'Y' },
      }),
    ).rejects.toMatchObject({
      status: 412,
      message: staleMessage,
    });
  });

  it('never sends read-only fields', () => {
    expect(
      changedFields({ id: 'a', version: 2, name: 'B', createdAt: 'z' }, { id: 'a', version: 1, name: 'A' }),
    ).toEqual({ name: 'B' });
  });
});
