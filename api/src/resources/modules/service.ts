import { currentPublishedVersionIds, type Database, findModule, listModules, type ModuleSummaryRow } from '@loket/db';
import { notFound } from '../../lib/errors';
import { listAnswer, pageParams } from '../../lib/http';
import type { Module, ModuleQuery, ModuleSummary } from './schema';

function toModuleSummary(row: ModuleSummaryRow): ModuleSummary {
  return {
    id: row.id,
    programmeVersionId: row.programmeVersionId,
    code: row.code,
    title: row.title,
    theme: row.theme,
    position: row.position,
    summary: row.summary,
    estimatedMinutes: row.estimatedMinutes,
    learningGoals: row.learningGoals,
    activityIri: row.activityIri,
    launchUrl: row.launchUrl,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function list(db: Database, query: ModuleQuery) {
  const programmeVersionIds = query.programmeVersionId
    ? [query.programmeVersionId]
    : await currentPublishedVersionIds(db);
  const page = await listModules(db, {
    filter: { programmeVersionIds, theme: query.theme },
    page: pageParams(query),
  });
  return listAnswer(page, query.limit, page.rows.map(toModuleSummary));
}

export async function get(db: Database, id: string): Promise<Module> {
  const row = await findModule(db, id);
  if (!row) throw notFound('The module');
  return { ...toModuleSummary(row), bodyMarkdown: row.bodyMarkdown, bodyHtml: row.bodyHtml };
}
