import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '../connect';
import { modules, programmes, programmeVersions, themes } from '../schema/programmes';
import type { LoadedProgramme } from './load';

export interface SyncResult {
  programmeId: string;
  programmeVersionId: string;
  versionNumber: number;
  created: boolean;
  published: boolean;
}

/**
 * Stores the loaded content as a programme version. The same content again changes nothing;
 * changed content becomes a new draft version (published at once only when the programme has
 * no published version yet, so a fresh installation has a programme to run).
 */
export async function syncContent(db: Database, content: LoadedProgramme, now: Date = new Date()): Promise<SyncResult> {
  return db.transaction(async (tx) => {
    const [programme] = await tx
      .insert(programmes)
      .values({ code: content.code, name: content.name, description: content.description })
      .onConflictDoUpdate({
        target: programmes.code,
        set: { code: content.code },
      })
      .returning();
    if (!programme) throw new Error('programme upsert returned nothing');

    const [existing] = await tx
      .select()
      .from(programmeVersions)
      .where(
        and(eq(programmeVersions.programmeId, programme.id), eq(programmeVersions.contentHash, content.contentHash)),
      );
    if (existing) {
      return {
        programmeId: programme.id,
        programmeVersionId: existing.id,
        versionNumber: existing.number,
        created: false,
        published: existing.status === 'published',
      };
    }

    const [latest] = await tx
      .select({ number: programmeVersions.number })
      .from(programmeVersions)
      .where(eq(programmeVersions.programmeId, programme.id))
      .orderBy(desc(programmeVersions.number))
      .limit(1)
      .for('update');
    const [published] = await tx
      .select({ id: programmeVersions.id })
      .from(programmeVersions)
      .where(and(eq(programmeVersions.programmeId, programme.id), isNotNull(programmeVersions.publishedAt)))
      .limit(1);
    const publish = !published;
    const number = (latest?.number ?? 0) + 1;

    const [version] = await tx
      .insert(programmeVersions)
      .values({
        programmeId: programme.id,
        number,
        status: publish ? 'published' : 'draft',
        publishedAt: publish ? now : null,
        contentHash: content.contentHash,
        summary: content.summary,
        completionRule: content.completionRule,
        meetingPlan: content.meetingPlan,
        evaluationQuestions: content.evaluationQuestions,
      })
      .returning();
    if (!version) throw new Error('programme version insert returned nothing');

    const themeRows = await tx
      .insert(themes)
      .values(content.themes.map((t) => ({ ...t, programmeVersionId: version.id })))
      .returning();
    const themeIds = new Map(themeRows.map((t) => [t.code, t.id]));
    await tx.insert(modules).values(
      content.modules.map((m) => ({
        programmeVersionId: version.id,
        themeId: themeIds.get(m.theme) as string,
        code: m.code,
        title: m.title,
        summary: m.summary,
        position: m.position,
        estimatedMinutes: m.estimatedMinutes,
        learningGoals: m.learningGoals,
        bodyMarkdown: m.bodyMarkdown,
        bodyHtml: m.bodyHtml,
        activityIri: m.activityIri,
        launchUrl: m.launchUrl ?? null,
      })),
    );
    return {
      programmeId: programme.id,
      programmeVersionId: version.id,
      versionNumber: number,
      created: true,
      published: publish,
    };
  });
}

/**
 * A stored programme version as content, rebuilt from its rows: the text every module had when the
 * version was made, so a new version can be derived from it. The meeting plan's notes are not
 * stored per version; they come from content/ (`meetingPlanNotes`).
 */
export async function storedContent(
  db: Database,
  versionId: string,
  meetingPlanNotes: string,
): Promise<Omit<LoadedProgramme, 'contentHash' | 'commissioners'> | undefined> {
  const [row] = await db
    .select({ programme: programmes, version: programmeVersions })
    .from(programmeVersions)
    .innerJoin(programmes, eq(programmes.id, programmeVersions.programmeId))
    .where(eq(programmeVersions.id, versionId));
  if (!row) return undefined;
  const themeRows = await db
    .select()
    .from(themes)
    .where(eq(themes.programmeVersionId, versionId))
    .orderBy(asc(themes.position));
  const moduleRows = await db
    .select()
    .from(modules)
    .where(eq(modules.programmeVersionId, versionId))
    .orderBy(asc(modules.position));
  const themeCodes = new Map(themeRows.map((t) => [t.id, t.code]));
  return {
    code: row.programme.code,
    name: row.programme.name,
    summary: row.version.summary,
    description: row.programme.description,
    themes: themeRows.map((t) => ({ code: t.code, title: t.title, description: t.description, position: t.position })),
    modules: moduleRows.map((m) => ({
      code: m.code,
      title: m.title,
      theme: themeCodes.get(m.themeId) as string,
      position: m.position,
      summary: m.summary,
      estimatedMinutes: m.estimatedMinutes,
      learningGoals: m.learningGoals,
      activityIri: m.activityIri,
      ...(m.launchUrl ? { launchUrl: m.launchUrl } : {}),
      bodyMarkdown: m.bodyMarkdown,
      bodyHtml: m.bodyHtml,
    })),
    meetingPlan: row.version.meetingPlan,
    meetingPlanNotes,
    evaluationQuestions: row.version.evaluationQuestions,
    completionRule: row.version.completionRule,
  };
}
