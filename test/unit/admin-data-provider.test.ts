import { describe, expect, it } from 'vitest';
import { changedFields, createDataProvider } from '../../admin/src/dataProvider';
import { createHttpClient } from '../../admin/src/http';

interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

/** The data provider on a fake fetch that records each request and answers with `reply`. */
function fakeApi(reply: (sent: Sent) => { status: number; body?: unknown; text?: string }) {
  const sent: Sent[] = [];
  const fetch = async (url: string, init: RequestInit = {}) => {
    const request = {
      url,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    };
    sent.push(request);
    const { status, body, text } = reply(request);
    return new Response(text ?? (body === undefined ? null : JSON.stringify(body)), { status });
  };
  const http = createHttpClient(fetch, async () => 'token-1');
  return { sent, provider: createDataProvider(http, () => 'key-1') };
}

const problem = (status: number, extra: Record<string, unknown> = {}) => ({
  status,
  body: { type: 'about:blank', title: 'Problem', status, ...extra },
});

describe('the admin data provider', () => {
  describe('getList', () => {
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
      expect(sent[0]?.method).toBe('GET');
      expect(sent[0]?.url).toBe('/v1/participants?limit=20&offset=40&sort=-familyName&q=van+der&organisationId=org-1');
      expect(sent[0]?.headers.get('authorization')).toBe('Bearer token-1');
    });

    it('leaves out react-admin’s default "id" sort and empty filters, which the API would reject', async () => {
      const { sent, provider } = fakeApi(() => ({ status: 200, body: { data: [], page: { total: 0 } } }));
      await provider.getList('organisations', {
        pagination: { page: 1, perPage: 25 },
        sort: { field: 'id', order: 'ASC' },
        filter: { q: '', kind: 'library', within: undefined },
      });
      expect(sent[0]?.url).toBe('/v1/organisations?limit=25&offset=0&kind=library');
    });

    it('reads a page larger than the API’s maximum of 200 in parts, as the CSV export asks', async () => {
      const people = Array.from({ length: 450 }, (_, i) => ({ id: `p${i}` }));
      const { sent, provider } = fakeApi((request) => {
        const query = new URL(request.url, 'http://x').searchParams;
        const offset = Number(query.get('offset'));
        const data = people.slice(offset, offset + Number(query.get('limit')));
        return { status: 200, body: { data, page: { total: people.length, limit: data.length, nextCursor: null } } };
      });
      const result = await provider.getList('participants', {
        pagination: { page: 1, perPage: 1000 },
        sort: { field: 'familyName', order: 'ASC' },
        filter: {},
      });
      expect(result.total).toBe(450);
      expect(result.data.map((record) => record.id)).toEqual(people.map((person) => person.id));
      expect(sent.map((request) => request.url)).toEqual([
        '/v1/participants?limit=200&offset=0&sort=familyName',
        '/v1/participants?limit=200&offset=200&sort=familyName',
        '/v1/participants?limit=200&offset=400&sort=familyName',
      ]);
    });
  });

  describe('meetings upcoming first', () => {
    // Three meetings ahead (soonest first) and four ended (latest first), as the API sorts each part.
    const ahead = ['a1', 'a2', 'a3'];
    const ended = ['p4', 'p3', 'p2', 'p1'];
    const api = () =>
      fakeApi((request) => {
        const query = new URL(request.url, 'http://x').searchParams;
        const upcoming = query.get('upcoming') === 'true';
        expect(query.get('sort')).toBe(upcoming ? 'startsAt' : '-startsAt');
        const all = (upcoming ? ahead : ended).map((id) => ({ id }));
        const offset = Number(query.get('offset'));
        const data = all.slice(offset, offset + Number(query.get('limit')));
        return { status: 200, body: { data, page: { total: all.length, limit: data.length, nextCursor: null } } };
      });
    const page = (n: number) => ({
      pagination: { page: n, perPage: 2 },
      sort: { field: 'upcoming', order: 'ASC' as const },
      filter: { cohortId: 'c1' },
    });

    it('lists the upcoming meetings first, then the ended ones, across pages, with the whole total', async () => {
      const { provider, sent } = api();
      const pages = [];
      for (const n of [1, 2, 3, 4]) pages.push(await provider.getList('sessions', page(n)));
      expect(pages.map((p) => p.data.map((r) => r.id))).toEqual([['a1', 'a2'], ['a3', 'p4'], ['p3', 'p2'], ['p1']]);
      expect(pages.every((p) => p.total === 7)).toBe(true);
      expect(sent.every((request) => request.url.includes('cohortId=c1'))).toBe(true);
    });
  });

  it('reads many by one GET per id, and a reference list through a filter on its target', async () => {
    const { sent, provider } = fakeApi((request) =>
      request.url.includes('?')
        ? { status: 200, body: { data: [{ id: 'p1' }], page: { total: 1, limit: 10, nextCursor: null } } }
        : { status: 200, body: { id: request.url.split('/').pop(), version: 1 } },
    );
    const many = await provider.getMany('organisations', { ids: ['a', 'b'] });
    expect(many.data.map((record) => record.id)).toEqual(['a', 'b']);
    const reference = await provider.getManyReference('participants', {
      target: 'organisationId',
      id: 'a',
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'familyName', order: 'ASC' },
      filter: {},
    });
    expect(reference).toEqual({ data: [{ id: 'p1' }], total: 1 });
    expect(sent.map((request) => request.url)).toEqual([
      '/v1/organisations/a',
      '/v1/organisations/b',
      '/v1/participants?limit=10&offset=0&sort=familyName&organisationId=a',
    ]);
  });

  it('updates with a PATCH of only the changed fields and If-Match on the version read', async () => {
    const { sent, provider } = fakeApi(() => ({ status: 200, body: { id: 'p1', version: 4 } }));
    const previousData = { id: 'p1', version: 3, givenName: 'Anouk', jobTitle: null, updatedAt: 'x' };
    const result = await provider.update('participants', {
      id: 'p1',
      data: { ...previousData, jobTitle: 'Baliemedewerker' },
      previousData,
    });
    expect(sent[0]?.method).toBe('PATCH');
    expect(sent[0]?.url).toBe('/v1/participants/p1');
    expect(sent[0]?.headers.get('if-match')).toBe('"3"');
    expect(sent[0]?.headers.get('content-type')).toBe('application/json');
    expect(sent[0]?.body).toEqual({ jobTitle: 'Baliemedewerker' });
    expect(result.data).toEqual({ id: 'p1', version: 4 });
  });

  it('never sends read-only fields, and sends a cleared field as null', () => {
    expect(
      changedFields(
        { id: 'a', version: 2, name: 'B', city: null, createdAt: 'z', updatedAt: 'y' },
        { id: 'a', version: 1, name: 'A', city: 'Hilversum' },
      ),
    ).toEqual({ name: 'B', city: null });
  });

  it('creates with a POST carrying an Idempotency-Key', async () => {
    const { sent, provider } = fakeApi(() => ({ status: 201, body: { id: 'p2', version: 1, givenName: 'Noor' } }));
    const result = await provider.create('participants', { data: { givenName: 'Noor' } });
    expect(sent[0]?.method).toBe('POST');
    expect(sent[0]?.url).toBe('/v1/participants');
    expect(sent[0]?.headers.get('idempotency-key')).toBe('key-1');
    expect(result.data).toEqual({ id: 'p2', version: 1, givenName: 'Noor' });
  });

  it('deletes with If-Match and returns the record it had', async () => {
    const { sent, provider } = fakeApi(() => ({ status: 204 }));
    const previousData = { id: 'o1', version: 7, name: 'Vestiging Noord' };
    const result = await provider.delete('organisations', { id: 'o1', previousData });
    expect(sent[0]).toMatchObject({ method: 'DELETE', url: '/v1/organisations/o1' });
    expect(sent[0]?.headers.get('if-match')).toBe('"7"');
    expect(result.data).toEqual(previousData);
  });

  describe('errors', () => {
    it('puts problem+json field errors on the form fields in Dutch, nested paths dotted', async () => {
      const { provider } = fakeApi(() =>
        problem(422, {
          detail: 'The request body has 2 invalid fields.',
          code: 'validation',
          params: {},
          errors: [
            { path: '/email', message: 'must match format "email"', code: 'format', params: { format: 'email' } },
            { path: '/address/city', message: 'is required', code: 'required', params: {} },
          ],
        }),
      );
      await expect(provider.create('participants', { data: { email: 'x' } })).rejects.toMatchObject({
        name: 'HttpError',
        status: 422,
        message: 'Het formulier is niet goed ingevuld. Kijk de velden met een foutmelding na.',
        body: { errors: { email: 'Heeft niet de juiste vorm', 'address.city': 'Verplicht' } },
      });
    });

    it('shows an error on the whole body as the form’s server error', async () => {
      const { provider } = fakeApi(() =>
        problem(422, { detail: 'Invalid input', errors: [{ path: '/', message: 'must be object', code: 'type' }] }),
      );
      await expect(provider.create('participants', { data: {} })).rejects.toMatchObject({
        body: { errors: { root: { serverError: 'Heeft niet de juiste vorm' } } },
      });
    });

    it('says a refusal by its code and parameters, never in the API’s English', async () => {
      const conflict = fakeApi(() =>
        problem(409, {
          detail: 'The organisation still has 1 children, 5 participants. Move or delete those first.',
          code: 'organisation-has-dependants',
          params: { children: 1, participants: 5 },
        }),
      );
      await expect(
        conflict.provider.delete('organisations', { id: 'o', previousData: { id: 'o' } }),
      ).rejects.toMatchObject({
        status: 409,
        message:
          'De organisatie heeft nog 1 onderliggende organisatie, 5 deelnemers. Verplaats of verwijder die eerst.',
        body: { errors: undefined },
      });
      const unknown = fakeApi(() => problem(409, { detail: 'Something new.', code: 'something-new', params: {} }));
      await expect(unknown.provider.getOne('organisations', { id: 'o' })).rejects.toMatchObject({
        status: 409,
        message: 'Het verzoek is geweigerd (fout 409).',
      });
    });

    it('explains a stale save in Dutch', async () => {
      const { provider } = fakeApi(() => problem(412, { detail: 'stale' }));
      await expect(
        provider.update('organisations', {
          id: 'o',
          data: { name: 'X' },
          previousData: { id: 'o', version: 1, name: 'Y' },
        }),
      ).rejects.toMatchObject({
        status: 412,
        message: 'Iemand anders heeft dit record intussen gewijzigd. Laad de pagina opnieuw.',
      });
    });

    it('survives an error page that is not JSON', async () => {
      const { provider } = fakeApi(() => ({ status: 502, text: '<html>Bad Gateway</html>' }));
      await expect(provider.getOne('organisations', { id: 'o' })).rejects.toMatchObject({
        status: 502,
        message: 'Het verzoek is geweigerd (fout 502).',
      });
    });
  });
});
