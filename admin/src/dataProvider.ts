import type { DataProvider, Identifier, RaRecord } from 'ra-core';
import type { HttpClient } from './http';

interface ListBody {
  data: unknown[];
  page: { total: number; limit: number; nextCursor: string | null };
}

interface ListParams {
  pagination?: { page: number; perPage: number };
  sort?: { field: string; order: string };
  filter?: Record<string, unknown>;
}

/** Fields the API sets itself: never sent back in a PATCH. */
const readOnly = new Set(['id', 'version', 'createdAt', 'updatedAt', 'erasedAt', 'modules', 'theme', 'versions']);

/** Only what changed, as a JSON merge patch. */
export function changedFields(data: Record<string, unknown>, previous: Record<string, unknown> | undefined) {
  return Object.fromEntries(
    Object.entries(data).filter(
      ([key, value]) => !readOnly.has(key) && JSON.stringify(value ?? null) !== JSON.stringify(previous?.[key] ?? null),
    ),
  );
}

/** The largest page the API serves. */
const maxLimit = 200;

/** The API rejects unknown or empty query parameters, so only set values are sent. */
function listQuery(
  { sort, filter }: Pick<ListParams, 'sort' | 'filter'>,
  { limit, offset }: { limit: number; offset: number },
): string {
  const search = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  // react-admin's default sort is "id", which no Loket list sorts on: leave it to the API's default.
  if (sort?.field && sort.field !== 'id') search.set('sort', `${sort.order === 'DESC' ? '-' : ''}${sort.field}`);
  for (const [key, value] of Object.entries(filter ?? {})) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  return `?${search}`;
}

const ifMatch = (record: Partial<RaRecord> | undefined): Record<string, string> =>
  typeof record?.version === 'number' ? { 'if-match': `"${record.version}"` } : {};

/** The API's records, typed as whichever record type the calling react-admin hook asked for. */
const records = <T>(json: unknown) => json as T;

const one = (resource: string, id: Identifier) => `/v1/${resource}/${encodeURIComponent(String(id))}`;

/**
 * Speaks the API's conventions: offset pages with a total, "-field" sorting, plain filters,
 * If-Match on changes and an Idempotency-Key on every creation.
 */
export function createDataProvider(http: HttpClient, newKey: () => string = () => crypto.randomUUID()): DataProvider {
  // Pages larger than the API's maximum (react-admin's CSV export asks for 1000) are read in parts.
  const readRange = async (resource: string, params: ListParams, start: number, count: number) => {
    const data: unknown[] = [];
    let total = 0;
    do {
      // Even an empty range is asked for once (one record): the total is needed all the same.
      const limit = Math.min(maxLimit, Math.max(1, count - data.length));
      const { json } = await http(`/v1/${resource}${listQuery(params, { limit, offset: start + data.length })}`);
      const body = json as ListBody;
      data.push(...body.data.slice(0, count - data.length));
      total = body.page.total;
      if (body.data.length < limit) break;
    } while (data.length < count);
    return { data, total };
  };
  /**
   * Meetings "upcoming first": those that have not ended, soonest first, then the ended ones, the
   * latest first. The API sorts each part; the page is cut from the two in a row.
   */
  const upcomingFirst = async (resource: string, params: ListParams, start: number, count: number) => {
    const ahead = await readRange(
      resource,
      { filter: { ...params.filter, upcoming: true }, sort: { field: 'startsAt', order: 'ASC' } },
      start,
      count,
    );
    const past = await readRange(
      resource,
      { filter: { ...params.filter, upcoming: false }, sort: { field: 'startsAt', order: 'DESC' } },
      Math.max(0, start - ahead.total),
      count - ahead.data.length,
    );
    return { data: [...ahead.data, ...past.data], total: ahead.total + past.total };
  };
  const getList = async <T>(resource: string, params: ListParams) => {
    const { page = 1, perPage = 25 } = params.pagination ?? {};
    const start = (page - 1) * perPage;
    const { data, total } =
      params.sort?.field === 'upcoming'
        ? await upcomingFirst(resource, params, start, perPage)
        : await readRange(resource, params, start, perPage);
    return { data: records<T[]>(data), total };
  };
  const getOne = async <T>(resource: string, id: Identifier) => records<T>((await http(one(resource, id))).json);

  const provider: DataProvider<string> = {
    getList,
    getOne: async (resource, { id }) => ({ data: await getOne(resource, id) }),
    // The API has no "ids" filter; references are few per page, and each read is cached by react-admin.
    getMany: async (resource, { ids }) => ({
      data: records(await Promise.all(ids.map((id) => getOne(resource, id)))),
    }),
    getManyReference: (resource, { target, id, filter, ...params }) =>
      getList(resource, { ...params, filter: { ...filter, [target]: id } }),
    create: async (resource, { data }) => {
      const { json } = await http(`/v1/${resource}`, {
        method: 'POST',
        headers: { 'idempotency-key': newKey() },
        body: JSON.stringify(data),
      });
      return { data: records(json) };
    },
    update: async (resource, { id, data, previousData }) => {
      const { json } = await http(one(resource, id), {
        method: 'PATCH',
        headers: ifMatch(previousData),
        body: JSON.stringify(changedFields(data, previousData)),
      });
      return { data: records(json) };
    },
    updateMany: async (resource, { ids, data }) => {
      for (const id of ids) await http(one(resource, id), { method: 'PATCH', body: JSON.stringify(data) });
      return { data: ids };
    },
    delete: async (resource, { id, previousData }) => {
      await http(one(resource, id), { method: 'DELETE', headers: ifMatch(previousData) });
      return { data: records(previousData) };
    },
    deleteMany: async (resource, { ids }) => {
      for (const id of ids) await http(one(resource, id), { method: 'DELETE' });
      return { data: ids };
    },
  };
  return provider;
}
