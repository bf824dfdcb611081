import {
  type Database,
  findProgramme,
  listProgrammes,
  listProgrammeVersions,
  type ProgrammeRow,
  type ProgrammeVersionRow,
} from '@loket/db';
import { notFound } from '../../lib/errors';
import { pageParams } from '../../lib/http';
import type { Programme, ProgrammeQuery } from './schema';

function toProgramme(row: ProgrammeRow, versions: ProgrammeVersionRow[]): Programme {
  const own = versions.filter((v) => v.programmeId === row.id);
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    currentVersionId: own.find((v) => v.publishedAt !== null)?.id ?? null,
    versions: own.map((v) => ({
      id: v.id,
      number: v.number,
      status: v.status,
      summary: v.summary,
      publishedAt: v.publishedAt?.toISOString() ?? null,
      createdAt: v.createdAt.toISOString(),
    })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export async function list(db: Database, query: ProgrammeQuery) {
  const page = await listProgrammes(db, pageParams(query));
  const versions = await listProgrammeVersions(
    db,
    page.rows.map((r) => r.id),
  );
  return {
    data: page.rows.map((row) => toProgramme(row, versions)),
    page: { total: page.total, limit: query.limit, nextCursor: page.nextCursor },
  };
}

export async function get(db: Database, id: string): Promise<Programme> {
  const row = await findProgramme(db, id);
  if (!row) throw notFound('The programme');
  return toProgramme(row, await listProgrammeVersions(db, [row.id]));
}
