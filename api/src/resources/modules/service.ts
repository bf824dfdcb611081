import {
  currentPublishedVersionIds,
  type Database,
  findCourseUnit,
  findModule,
  linkModuleUnit,
  listModules,
  type ModuleSummaryRow,
} from '@loket/db';
import { notFound } from '../../lib/errors';
import { listAnswer, pageParams } from '../../lib/http';
import { audit, type WriteContext } from '../../lib/write';
import { resolveAuUrl } from '../cmi5/rules';
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
    assignableUnitId: row.assignableUnitId,
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

/**
 * Makes an imported course's unit the module's e-learning: participants launch it from their
 * overview, Loket serving its files when the package brought them. Audited.
 */
export async function linkUnit(
  ctx: WriteContext,
  publicUrl: string,
  id: string,
  unitRef: { courseId: string; position: number },
): Promise<Module> {
  const before = await findModule(ctx.db, id);
  if (!before) throw notFound('The module');
  const unit = await findCourseUnit(ctx.db, unitRef.courseId, unitRef.position);
  if (!unit) throw notFound(`Assignable unit ${unitRef.position} of that course`);
  const assignableUnitUrl = resolveAuUrl(publicUrl, unitRef.courseId, unit.url);
  await linkModuleUnit(ctx.db, id, { assignableUnitId: unit.id, assignableUnitUrl });
  await audit(ctx, {
    action: 'module.linked',
    resourceType: 'module',
    resourceId: id,
    organisationPath: null,
    before: { assignableUnitId: before.assignableUnitId },
    after: { assignableUnitId: unit.id, courseId: unitRef.courseId, position: unitRef.position },
  });
  return get(ctx.db, id);
}

/** Takes the linked unit away again: the module falls back to the launch URL content/ gives, if any. */
export async function unlinkUnit(ctx: WriteContext, id: string): Promise<Module> {
  const before = await findModule(ctx.db, id);
  if (!before) throw notFound('The module');
  await linkModuleUnit(ctx.db, id, { assignableUnitId: null, assignableUnitUrl: null });
  await audit(ctx, {
    action: 'module.unlinked',
    resourceType: 'module',
    resourceId: id,
    organisationPath: null,
    before: { assignableUnitId: before.assignableUnitId },
    after: { assignableUnitId: null },
  });
  return get(ctx.db, id);
}
