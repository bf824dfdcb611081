import {
  contentHashOf,
  type Database,
  findProgramme,
  type LoadedProgramme,
  listProgrammes,
  listProgrammeVersions,
  loadContent,
  lockProgramme,
  type MeetingPlanItem,
  type ProgrammeRow,
  type ProgrammeVersionRow,
  publishProgrammeVersion,
  renderMarkdown,
  storedContent,
  syncContent,
} from '@loket/db';
import { conflict, invalid, notFound } from '../../lib/errors';
import { assertIfMatch, listAnswer, pageParams } from '../../lib/http';
import { audit, type WriteContext } from '../../lib/write';
import type { Programme, ProgrammeDraft, ProgrammeDraftCreate, ProgrammeQuery } from './schema';

let defined: Promise<LoadedProgramme> | undefined;
/** content/ as this process read it: the meetings a new version may plan. Content is fixed while Loket runs. */
const definedContent = () => {
  defined ??= loadContent();
  return defined;
};

function toProgramme(row: ProgrammeRow, versions: ProgrammeVersionRow[], plannable: MeetingPlanItem[]): Programme {
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
      meetingPlan: v.meetingPlan,
      publishedAt: v.publishedAt?.toISOString() ?? null,
      createdAt: v.createdAt.toISOString(),
    })),
    plannableMeetings: plannable,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export async function list(db: Database, query: ProgrammeQuery) {
  const page = await listProgrammes(db, pageParams(query));
  const plannable = (await definedContent()).meetingPlan;
  const versions = await listProgrammeVersions(
    db,
    page.rows.map((r) => r.id),
  );
  return listAnswer(
    page,
    query.limit,
    page.rows.map((row) => toProgramme(row, versions, plannable)),
  );
}

export async function get(db: Database, id: string): Promise<Programme> {
  const row = await findProgramme(db, id);
  if (!row) throw notFound('The programme');
  return toProgramme(row, await listProgrammeVersions(db, [row.id]), (await definedContent()).meetingPlan);
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
  if (target.status === 'published') return toProgramme(programme, versions, (await definedContent()).meetingPlan);
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

/**
 * Drafts a new version from a stored one: its module texts as they were, only the chosen modules,
 * and the meetings content/meetings.md defines in the order, week and length KB staff chose. The
 * draft is stored as content is (one version per content hash), so the same choices again answer
 * the same version: a retry is safe.
 */
export async function draft(
  ctx: WriteContext,
  programmeId: string,
  input: ProgrammeDraftCreate,
): Promise<ProgrammeDraft> {
  const programme = await lockProgramme(ctx.db, programmeId);
  if (!programme) throw notFound('The programme');
  const versions = await listProgrammeVersions(ctx.db, [programme.id]);
  const base = versions.find((v) => v.id === input.basedOnVersionId);
  if (!base) throw notFound('The programme version');
  const defined = await definedContent();
  const content = await storedContent(ctx.db, base.id, defined.meetingPlanNotes);
  if (!content) throw notFound('The programme version');

  const unknownModules = input.moduleCodes.filter((code) => !content.modules.some((m) => m.code === code));
  if (unknownModules.length > 0) {
    throw invalid(
      '/moduleCodes',
      `Version ${base.number} has no module ${unknownModules.join(', ')}.`,
      'module-unknown',
      { modules: unknownModules },
    );
  }
  const meetingPlan = input.meetingPlan.map((chosen, index) => {
    const meeting = defined.meetingPlan.find((m) => m.sequence === chosen.sequence);
    if (!meeting) {
      throw invalid(
        `/meetingPlan/${index}/sequence`,
        `The programme defines no meeting ${chosen.sequence} (content/meetings.md).`,
        'meeting-unknown',
        { sequence: chosen.sequence },
      );
    }
    return { ...meeting, weekOffset: chosen.weekOffset, durationMinutes: chosen.durationMinutes };
  });
  const twice = meetingPlan.find((m, i) => meetingPlan.findIndex((o) => o.sequence === m.sequence) !== i);
  if (twice) {
    throw invalid('/meetingPlan', `Meeting ${twice.sequence} is planned twice.`, 'meeting-twice', {
      sequence: twice.sequence,
    });
  }

  const derived = {
    ...content,
    summary: input.summary?.trim() || content.summary,
    modules: content.modules.filter((m) => input.moduleCodes.includes(m.code)),
    meetingPlan,
  };
  const sync = await syncContent(ctx.db, { ...derived, contentHash: contentHashOf(derived), commissioners: [] });
  const [stored] = (await listProgrammeVersions(ctx.db, [programme.id])).filter(
    (v) => v.id === sync.programmeVersionId,
  );
  if (!stored) throw new Error('the drafted version vanished');
  if (sync.created) {
    await audit(ctx, {
      action: 'programme_version.drafted',
      resourceType: 'programme_version',
      resourceId: stored.id,
      organisationPath: null,
      after: {
        ...versionState(stored),
        basedOn: base.number,
        modules: input.moduleCodes.length,
        meetings: meetingPlan.length,
      },
    });
  }
  return {
    id: stored.id,
    number: stored.number,
    status: stored.status,
    summary: stored.summary,
    meetingPlan: stored.meetingPlan,
    publishedAt: stored.publishedAt?.toISOString() ?? null,
    createdAt: stored.createdAt.toISOString(),
    programmeId: programme.id,
    moduleCodes: derived.modules.map((m) => m.code),
  };
}
