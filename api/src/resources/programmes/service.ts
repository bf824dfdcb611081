import {
  type Database,
  findProgramme,
  listProgrammes,
  listProgrammeVersions,
  lockProgramme,
  type ProgrammeRow,
  type ProgrammeVersionRow,
  publishProgrammeVersion,
  renderMarkdown,
} from '@loket/db';
import { conflict, notFound } from '../../lib/errors';
import { assertIfMatch, listAnswer, pageParams } from '../../lib/http';
import { audit, type WriteContext } from '../../lib/write';
import type { Programme, ProgrammeQuery } from './schema';

function toProgramme(row: ProgrammeRow, versions: ProgrammeVersionRow[]): Programme {
  const own = versions.filter((v) => v.programmeId === row.id);
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    descriptionHtml: renderMarkdown(row.description),
    currentVersionId: own.find((v) => v.status === 'published')?.id ?? null,
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
  return listAnswer(
    page,
    query.limit,
    page.rows.map((row) => toProgramme(row, versions)),
  );
}

export async function get(db: Database, id: string): Promise<Programme> {
  const row = await findProgramme(db, id);
  if (!row) throw notFound('The programme');
  return toProgramme(row, await listProgrammeVersions(db, [row.id]));
}

const versionState = (v: ProgrammeVersionRow) => ({
  number: v.number,
  status: v.status,
  summary: v.summary,
  publishedAt: v.publishedAt?.toISOString() ?? null,
});

/**
 * Makes a draft version the one new cohorts start on and retires the version published before it;
 * running cohorts keep the version they started on. Publishing the published version again
 * changes nothing, so a retry is safe; a retired version stays retired.
 */
export async function publish(
  ctx: WriteContext,
  programmeId: string,
  versionId: string,
  ifMatch: string | undefined,
): Promise<Programme> {
  const programme = await lockProgramme(ctx.db, programmeId);
  if (!programme) throw notFound('The programme');
  const versions = await listProgrammeVersions(ctx.db, [programme.id]);
  const target = versions.find((v) => v.id === versionId);
  if (!target) throw notFound('The programme version');
  if (target.status === 'published') return toProgramme(programme, versions);
  assertIfMatch(ifMatch, programme.version);
  if (target.status === 'retired') {
    throw conflict(
      `Version ${target.number} was retired and cannot be published again. Publish a newer version instead.`,
      'version-retired',
      { number: target.number },
    );
  }
  const { published, retired } = await publishProgrammeVersion(ctx.db, programme, target.id, new Date());
  for (const old of retired) {
    await audit(ctx, {
      action: 'programme_version.retired',
      resourceType: 'programme_version',
      resourceId: old.id,
      organisationPath: null,
      before: versionState(versions.find((v) => v.id === old.id) ?? old),
      after: versionState(old),
    });
  }
  await audit(ctx, {
    action: 'programme_version.published',
    resourceType: 'programme_version',
    resourceId: published.id,
    organisationPath: null,
    before: versionState(target),
    after: versionState(published),
  });
  return get(ctx.db, programme.id);
}
