import type { DataProvider, Identifier, RaRecord } from 'ra-core';
import type { HttpClient } from './http';

interface ListBody {
  data: RaRecord[];
  page: { total: number; limit: number; nextCursor: string | null };
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

function query(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const ifMatch = (record: Record<string, unknown> | undefined): Record<string, string> =>
  typeof record?.version === 'number' ? { 'if-match': `"${record.version}"` } : {};

/**
 * Speaks the API's conventions: offset pages with a total, "-field" sorting, plain filters,
 * If-Match on changes and an Idempotency-Key on every creation.
 */
export function createDataProvider(http: HttpClient, newKey: () => string = () => crypto.randomUUID()): DataProvider {
  const getList = async (
    resource: string,
    params: {
      pagination?: { page: number; perPage: number };
      sort?: { field: string; order: string };
      filter?: Record<string, unknown>;
    },
  ) => {
    const { page = 1, perPage = 25 } = params.pagination ?? {};
    const sort =
      params.sort && params.sort.field !== 'id'
        ? `${params.sort.order === 'DESC' ? '-' : ''}${params.sort.field}`
        : undefined;
    const { json } = await http(
      `/v1/${resource}${query({ limit: perPage, offset: (page - 1) * perPage, sort, ...params.filter })}`,
    );
    const body = json as ListBody;
    return { data: body.data, total: body.page.total };
  };
  const getOne = async (resource: string, id: Identifier) => {
    const { json } = await http(`/v1/${resource}/${encodeURIComponent(String(id))}`);
    return { data: json as RaRecord };
  };

  const provider = {
    getList: (resource: string, params: Parameters<DataProvider['getList']>[1]) => getList(resource, params),
    getOne: (resource: string, params: Parameters<DataProvider['getOne']>[1]) => getOne(resource, params.id),
    getMany: async (resource: string, params: Parameters<DataProvider['getMany']>[1]) => ({
      data: await Promise.all(params.ids.map(async (id) => (await getOne(resource, id)).data)),
    }),
    getManyReference: (resource: string, params: Parameters<DataProvider['getManyReference']>[1]) =>
      getList(resource, { ...params, filter: { ...params.filter, [params.target]: params.id } }),
    create: async (resource: string, params: Parameters<DataProvider['create']>[1]) => {
      const { json } = await http(`/v1/${resource}`, {
        method: 'POST',
        headers: { 'idempotency-key': newKey() },
        body: JSON.stringify(params.data),
      });
      return { data: json as RaRecord };
    },
    update: async (resource: string, params: Parameters<DataProvider['update']>[1]) => {
      const { json } = await http(`/v1/${resource}/${encodeURIComponent(String(params.id))}`, {
        method: 'PATCH',
        headers: ifMatch(params.previousData),
        body: JSON.stringify(changedFields(params.data, params.previousData)),
      });
      return { data: json as RaRecord };
    },
    updateMany: async (resource: string, params: Parameters<DataProvider['updateMany']>[1]) => {
      for (const id of params.ids) {
        await http(`/v1/${resource}/${encodeURIComponent(String(id))}`, {
          method: 'PATCH',
          body: JSON.stringify(params.data),
        });
      }
      return { data: params.ids };
    },
    delete: async (resource: string, params: Parameters<DataProvider['delete']>[1]) => {
      await http(`/v1/${resource}/${encodeURIComponent(String(params.id))}`, {
        method: 'DELETE',
        headers: ifMatch(params.previousData),
      });
      return { data: params.previousData };
    },
    deleteMany: async (resource: string, params: Parameters<DataProvider['deleteMany']>[1]) => {
      for (const id of params.ids)
        await http(`/v1/${resource}/${encodeURIComponent(String(id))}`, { method: 'DELETE' });
      return { data: params.ids };
    },
  };
  // react-admin types each method generically per record type; the API's records are all RaRecords.
  return provider as unknown as DataProvider;
}
