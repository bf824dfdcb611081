import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../connect';
import { modules, programmes, programmeVersions, themes } from '../schema/programmes';
import { type Page, type PageParams, planPage } from './pagination';
import { nextVersion } from './versioned';

export type ProgrammeRow = typeof programmes.$inferSelect;
export type ProgrammeVersionRow = typeof programmeVersions.$inferSelect;
export type ThemeRow = typeof themes.$inferSelect;
export type ModuleRow = typeof modules.$inferSelect;
export type ModuleSummaryRow = Omit<ModuleRow, 'bodyMarkdown' | 'bodyHtml' | 'assignableUnitUrl'> & {
  theme: { code: string; title: string };
};

export const programmeSortable = { name: programmes.name, code: programmes.code, createdAt: programmes.createdAt };

export async function listProgrammes(db: Database, page: PageParams): Promise<Page<ProgrammeRow>> {
  const plan = planPage(page, programmeSortable, programmes.id);
  const rows = await db
    .select()
    .from(programmes)
    .where(plan.after)
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  const [total] = await db.select({ n: count() }).from(programmes);
  return { ...plan.finish(rows), total: total?.n ?? 0 };
}

export async function findProgramme(db: Database, id: string): Promise<ProgrammeRow | undefined> {
  const [row] = await db.select().from(programmes).where(eq(programmes.id, id));
  return row;
}

/** Versions of the given programmes, newest first. */
export async function listProgrammeVersions(db: Database, programmeIds: string[]): Promise<ProgrammeVersionRow[]> {
  if (programmeIds.length === 0) return [];
  return db
    .select()
    .from(programmeVersions)
    .where(inArray(programmeVersions.programmeId, programmeIds))
    .orderBy(desc(programmeVersions.number));
}

export async function findProgrammeVersion(db: Database, id: string): Promise<ProgrammeVersionRow | undefined> {
  const [row] = await db.select().from(programmeVersions).where(eq(programmeVersions.id, id));
  return row;
}

/** Locks a programme's row, so two publications of the same programme run one after the other. */
export async function lockProgramme(db: Database, id: string): Promise<ProgrammeRow | undefined> {
  const [row] = await db.select().from(programmes).where(eq(programmes.id, id)).for('update');
  return row;
}

/**
 * Publishes a draft version and retires the programme's published ones, in the caller's
 * transaction; the programme's own version counter moves so its ETag changes.
 */
export async function publishProgrammeVersion(
  db: Database,
  programme: ProgrammeRow,
  versionId: string,
  now: Date,
): Promise<{ published: ProgrammeVersionRow; retired: ProgrammeVersionRow[] }> {
  const retired = await db
    .update(programmeVersions)
    .set({ status: 'retired', updatedAt: now, version: nextVersion(programmeVersions) })
    .where(and(eq(programmeVersions.programmeId, programme.id), eq(programmeVersions.status, 'published')))
    .returning();
  const [published] = await db
    .update(programmeVersions)
    .set({ status: 'published', publishedAt: now, updatedAt: now, version: nextVersion(programmeVersions) })
    .where(and(eq(programmeVersions.id, versionId), eq(programmeVersions.status, 'draft')))
    .returning();
  if (!published) throw new Error('the draft version to publish vanished');
  await db
    .update(programmes)
    .set({ updatedAt: now, version: nextVersion(programmes) })
    .where(eq(programmes.id, programme.id));
  return { published, retired };
}

export async function listThemes(db: Database, programmeVersionId: string): Promise<ThemeRow[]> {
  return db
    .select()
    .from(themes)
    .where(eq(themes.programmeVersionId, programmeVersionId))
    .orderBy(asc(themes.position));
}

/**
 * The published version of each programme: what new cohorts start on. Publishing retires the one
 * before, so there is one; should there ever be two, the newest wins.
 */
export async function currentPublishedVersionIds(db: Database): Promise<string[]> {
  const rows = await db
    .selectDistinctOn([programmeVersions.programmeId], { id: programmeVersions.id })
    .from(programmeVersions)
    .where(eq(programmeVersions.status, 'published'))
    .orderBy(programmeVersions.programmeId, desc(programmeVersions.number));
  return rows.map((r) => r.id);
}

export interface ModuleFilter {
  programmeVersionIds: string[];
  theme?: string | undefined;
}

/** Where a module's e-learning starts: a linked unit of an imported course before the URL content/ gives. */
export const moduleLaunchUrl = sql<string | null>`coalesce(${modules.assignableUnitUrl}, ${modules.launchUrl})`;

const moduleSummaryColumns = {
  id: modules.id,
  programmeVersionId: modules.programmeVersionId,
  themeId: modules.themeId,
  code: modules.code,
  title: modules.title,
  summary: modules.summary,
  position: modules.position,
  estimatedMinutes: modules.estimatedMinutes,
  learningGoals: modules.learningGoals,
  activityIri: modules.activityIri,
  launchUrl: moduleLaunchUrl,
  assignableUnitId: modules.assignableUnitId,
  createdAt: modules.createdAt,
  theme: { code: themes.code, title: themes.title },
};

export const moduleSortable = { position: modules.position, title: modules.title, code: modules.code };

export async function listModules(
  db: Database,
  params: { filter: ModuleFilter; page: PageParams },
): Promise<Page<ModuleSummaryRow>> {
  const where: SQL | undefined = and(
    inArray(modules.programmeVersionId, params.filter.programmeVersionIds),
    params.filter.theme ? eq(themes.code, params.filter.theme) : undefined,
  );
  if (params.filter.programmeVersionIds.length === 0) return { rows: [], total: 0, nextCursor: null };
  const plan = planPage(params.page, moduleSortable, modules.id);
  const rows = await db
    .select(moduleSummaryColumns)
    .from(modules)
    .innerJoin(themes, eq(themes.id, modules.themeId))
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(plan.fetch)
    .offset(plan.offset);
  const [total] = await db
    .select({ n: count() })
    .from(modules)
    .innerJoin(themes, eq(themes.id, modules.themeId))
    .where(where);
  return { ...plan.finish(rows), total: total?.n ?? 0 };
}

export async function findModule(
  db: Database,
  id: string,
): Promise<(ModuleRow & { theme: { code: string; title: string } }) | undefined> {
  const [row] = await db
    .select({ module: modules, theme: { code: themes.code, title: themes.title } })
    .from(modules)
    .innerJoin(themes, eq(themes.id, modules.themeId))
    .where(eq(modules.id, id));
  return row
    ? { ...row.module, launchUrl: row.module.assignableUnitUrl ?? row.module.launchUrl, theme: row.theme }
    : undefined;
}

/**
 * What a certificate of a programme version attests, for its Open Badges Achievement: the
 * programme's name, the version's summary, completion rule and meeting plan, the modules in order.
 */
export async function findAchievementSource(db: Database, programmeVersionId: string) {
  const [version] = await db
    .select({
      versionId: programmeVersions.id,
      number: programmeVersions.number,
      summary: programmeVersions.summary,
      completionRule: programmeVersions.completionRule,
      meetingPlan: programmeVersions.meetingPlan,
      programmeName: programmes.name,
    })
    .from(programmeVersions)
    .innerJoin(programmes, eq(programmes.id, programmeVersions.programmeId))
    .where(eq(programmeVersions.id, programmeVersionId));
  if (!version) return undefined;
  const titles = await db
    .select({ title: modules.title })
    .from(modules)
    .where(eq(modules.programmeVersionId, programmeVersionId))
    .orderBy(asc(modules.position));
  return { ...version, moduleTitles: titles.map((m) => m.title) };
}

export type AchievementSource = NonNullable<Awaited<ReturnType<typeof findAchievementSource>>>;

/** Links a module to an imported course's unit (or unlinks it, with nulls); answers the module, or nothing. */
export async function linkModuleUnit(
  db: Database,
  id: string,
  link: { assignableUnitId: string; assignableUnitUrl: string } | { assignableUnitId: null; assignableUnitUrl: null },
) {
  const [row] = await db.update(modules).set(link).where(eq(modules.id, id)).returning({ id: modules.id });
  return row;
}
