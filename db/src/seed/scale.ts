import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../connect';
import { type LoadedProgramme, loadContent } from '../content/load';
import { draftMeetings } from '../content/meetings';
import { syncContent } from '../content/sync';
import { cohortModules, cohorts } from '../schema/cohorts';
import { enrolments, moduleProgress } from '../schema/enrolments';
import { organisations } from '../schema/organisations';
import { participants } from '../schema/participants';
import { modules } from '../schema/programmes';
import { attendance, sessions } from '../schema/sessions';
import { poisWithMunicipalities } from './municipalities';
import { emailLocalPart, familyNames, jobTitles, menGivenNames, womenGivenNames } from './names';
import { seedCommissioners } from './pilot';
import { seededRandom } from './random';

export interface ScaleSeedSummary {
  kbId: string;
  pois: number;
  libraries: number;
  branches: number;
  participants: number;
  enrolments: number;
  progressRecords: number;
  attendanceRecords: number;
}

/** Inserts rows in batches, so one statement never carries more than a few thousand parameters. */
async function insertAll<T extends Record<string, unknown>>(
  db: Database,
  table: Parameters<Database['insert']>[0],
  rows: T[],
  size = 1000,
) {
  for (let i = 0; i < rows.length; i += size) await db.insert(table).values(rows.slice(i, i + size) as never);
}

/** The date the national dataset looks at the rollout from: meetings before it have attendance. */
const asOf = new Date('2019-12-01T00:00:00Z');

/**
 * A national rollout for benchmarks: all nine POIs, their libraries (at least 160) with branches,
 * `participants` staff spread over them, one rollout cohort per library in 2019 with its meetings,
 * every person enrolled with progress per chosen module, and attendance for past meetings.
 * Deterministic for a given size; assumes an empty database.
 */
export async function seedScale(
  db: Database,
  options: { participants: number; content?: LoadedProgramme },
): Promise<ScaleSeedSummary> {
  const content = options.content ?? (await loadContent());
  const random = seededRandom(options.participants * 7919 + 2019);
  return db.transaction(async (tx) => {
    const sync = await syncContent(tx, content);
    const versionModules = await tx
      .select()
      .from(modules)
      .where(eq(modules.programmeVersionId, sync.programmeVersionId));
    const kb = await seedCommissioners(tx);

    const organisationRows: Array<typeof organisations.$inferInsert> = [];
    const libraries: Array<{ id: string; path: string; name: string; domain: string; workplaces: string[] }> = [];
    for (const poi of poisWithMunicipalities) {
      const poiId = uuidv7();
      const poiPath = `${kb.path}${poiId}/`;
      organisationRows.push({
        id: poiId,
        path: poiPath,
        parentId: kb.id,
        kind: 'poi',
        name: poi.name,
        province: poi.province,
        city: poi.city,
      });
      for (const place of poi.places) {
        const id = uuidv7();
        const path = `${poiPath}${id}/`;
        const name = `Bibliotheek ${place}`;
        organisationRows.push({
          id,
          path,
          parentId: poiId,
          kind: 'library',
          name,
          shortName: place,
          province: poi.province,
          city: place,
        });
        const workplaces = [id];
        const branchCount = random.int(1, 4);
        for (let b = 1; b <= branchCount; b++) {
          const branchId = uuidv7();
          workplaces.push(branchId);
          organisationRows.push({
            id: branchId,
            path: `${path}${branchId}/`,
            parentId: id,
            kind: 'branch',
            name: `${name}, vestiging ${b === 1 ? 'Centrum' : `${place} ${['Noord', 'Zuid', 'Oost', 'West'][b - 2]}`}`,
            province: poi.province,
            city: place,
          });
        }
        libraries.push({
          id,
          path,
          name,
          domain: `${emailLocalPart(place).replace(/\./g, '') || 'bieb'}.example`,
          workplaces,
        });
      }
    }
    await insertAll(tx, organisations, organisationRows);

    const people: Array<typeof participants.$inferInsert & { id: string }> = [];
    const byLibrary = new Map<string, string[]>();
    for (let i = 0; i < options.participants; i++) {
      const library = libraries[i % libraries.length] ?? libraries[0];
      if (!library) break;
      const givenName = random.chance(0.84) ? random.pick(womenGivenNames) : random.pick(menGivenNames);
      const [nameInfix, familyName] = random.pick(familyNames);
      const id = uuidv7();
      people.push({
        id,
        organisationId: random.pick(library.workplaces),
        givenName,
        nameInfix,
        familyName,
        email: `${emailLocalPart(givenName, nameInfix, familyName)}.${i}@${library.domain}`,
        jobTitle: random.pick(jobTitles),
      });
      byLibrary.set(library.id, [...(byLibrary.get(library.id) ?? []), id]);
    }
    await insertAll(tx, participants, people);

    const statuses = [
      'closed',
      'closed',
      'closed',
      'closed',
      'evaluating',
      'running',
      'running',
      'running',
      'running',
      'planned',
    ] as const;
    const cohortRows: Array<typeof cohorts.$inferInsert & { id: string }> = [];
    const cohortModuleRows: Array<typeof cohortModules.$inferInsert> = [];
    const sessionRows: Array<typeof sessions.$inferInsert & { id: string }> = [];
    const enrolmentRows: Array<typeof enrolments.$inferInsert & { id: string }> = [];
    const progressRows: Array<typeof moduleProgress.$inferInsert> = [];
    const attendanceRows: Array<typeof attendance.$inferInsert> = [];

    for (const library of libraries) {
      const month = random.int(2, 9);
      const startsOn = `2019-${String(month).padStart(2, '0')}-0${random.int(1, 7)}`;
      const endsOn = `2019-${String(month + 3).padStart(2, '0')}-${startsOn.slice(8)}`;
      const status = random.pick(statuses);
      const chosen = random.chance(0.7) ? versionModules : versionModules.filter(() => random.chance(0.6));
      const moduleList = chosen.length > 0 ? chosen : versionModules.slice(0, 1);
      const cohortId = uuidv7();
      cohortRows.push({
        id: cohortId,
        organisationId: library.id,
        programmeVersionId: sync.programmeVersionId,
        name: `Leertraject ${library.name} 2019`,
        phase: 'rollout',
        status,
        startsOn,
        endsOn,
      });
      for (const module of moduleList) cohortModuleRows.push({ cohortId, moduleId: module.id });
      const meetings = draftMeetings(content.meetingPlan, startsOn, endsOn).map((m) => ({
        ...m,
        id: uuidv7(),
        cohortId,
        locationOrganisationId: library.id,
      }));
      sessionRows.push(...meetings);

      for (const participantId of byLibrary.get(library.id) ?? []) {
        const enrolmentId = uuidv7();
        const progressLevel = status === 'planned' ? 0 : random.next();
        const done = Math.round(progressLevel * moduleList.length);
        const past = meetings.filter((m) => status !== 'planned' && m.startsAt < asOf);
        const present = past.filter(() => random.chance(0.92));
        const complete = done === moduleList.length && present.length === meetings.length;
        enrolmentRows.push({
          id: enrolmentId,
          cohortId,
          participantId,
          status: complete ? 'completed' : status === 'planned' ? 'invited' : 'active',
          invitedAt: new Date(`${startsOn}T09:00:00Z`),
          activatedAt: status === 'planned' ? null : new Date(`${startsOn}T12:00:00Z`),
          completedAt: complete ? new Date(`${endsOn}T12:00:00Z`) : null,
        });
        moduleList.forEach((module, index) => {
          const completedAt = new Date(`${startsOn}T10:00:00Z`);
          completedAt.setUTCDate(completedAt.getUTCDate() + 10 * (index + 1));
          progressRows.push(
            index < done
              ? {
                  enrolmentId,
                  moduleId: module.id,
                  status: 'completed',
                  startedAt: completedAt,
                  completedAt,
                  score: (0.5 + random.next() / 2).toFixed(4),
                }
              : index === done && status !== 'planned'
                ? { enrolmentId, moduleId: module.id, status: 'in_progress', startedAt: completedAt }
                : { enrolmentId, moduleId: module.id },
          );
        });
        for (const meeting of past) {
          attendanceRows.push({
            sessionId: meeting.id,
            enrolmentId,
            status: present.includes(meeting) ? 'present' : random.chance(0.5) ? 'excused' : 'absent',
            recordedAt: meeting.endsAt,
          });
        }
      }
    }
    await insertAll(tx, cohorts, cohortRows);
    await insertAll(tx, cohortModules, cohortModuleRows);
    await insertAll(tx, sessions, sessionRows);
    await insertAll(tx, enrolments, enrolmentRows);
    await insertAll(tx, moduleProgress, progressRows);
    await insertAll(tx, attendance, attendanceRows);

    return {
      kbId: kb.id,
      pois: poisWithMunicipalities.length,
      libraries: libraries.length,
      branches: organisationRows.filter((o) => o.kind === 'branch').length,
      participants: people.length,
      enrolments: enrolmentRows.length,
      progressRecords: progressRows.length,
      attendanceRecords: attendanceRows.length,
    };
  });
}
