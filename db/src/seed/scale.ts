import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../connect';
import { type LoadedProgramme, loadContent } from '../content/load';
import { organisations } from '../schema/organisations';
import { insertInBatches } from './batch';
import {
  addDays,
  addMonths,
  attendanceRows,
  type CohortInsert,
  cohortSessions,
  cohortStatusOn,
  emptyLearningRows,
  enrolmentDates,
  insertLearningRows,
  type LearningRows,
  progressRows,
  type SessionInsert,
  type StoredProgramme,
  storeProgramme,
  xapiRows,
} from './learning';
import { poisWithMunicipalities } from './municipalities';
import { asciiSlug, EmailBook, jobTitles, randomName, teamLeaderTitle } from './names';
import { type Random, seededRandom } from './random';
import { branchRow, commissioners, libraryRow, type OrganisationInsert, organisationRow } from './tree';

export interface ScaleSeedSummary {
  kbId: string;
  pois: number;
  libraries: number;
  branches: number;
  participants: number;
  cohorts: number;
  sessions: number;
  enrolments: number;
  progressRecords: number;
  attendanceRecords: number;
  xapiStatements: number;
}

/** The day the national dataset looks at the rollout from: meetings before it have attendance. */
export const scaleAsOf = new Date('2019-12-01T00:00:00Z');

interface Learner {
  participantId: string;
  email: string;
}

const branchSuffixes = ['Centrum', 'Noord', 'Zuid', 'Oost'] as const;

interface ScaleLibrary {
  row: OrganisationInsert;
  domain: string;
  /** The library and its branches: where its staff work. */
  workplaces: OrganisationInsert[];
}

/**
 * A national rollout for benchmarks: all nine POIs, their libraries (at least 160) with branches,
 * `participants` staff spread over them, one rollout cohort per library in 2019 with its meetings,
 * every person enrolled with progress per chosen module, attendance for past meetings, and the xAPI
 * statements their progress came from.
 * Deterministic for a given size; assumes an empty database.
 */
export async function seedScale(
  db: Database,
  options: { participants: number; content?: LoadedProgramme },
): Promise<ScaleSeedSummary> {
  const content = options.content ?? (await loadContent());
  const random = seededRandom(options.participants * 7919 + 2019);
  return db.transaction(async (tx) => {
    const programme = await storeProgramme(tx, content);
    const network = nationalNetwork(random);
    await insertInBatches(tx, organisations, network.rows);

    const rows = emptyLearningRows();
    const staff = addStaff(random, network.libraries, options.participants, rows);
    for (const library of network.libraries) {
      addRolloutCohort(random, content, programme, library, staff.get(library) ?? [], rows);
    }
    await insertLearningRows(tx, rows);

    return {
      kbId: network.kb.id,
      pois: poisWithMunicipalities.length,
      libraries: network.libraries.length,
      branches: network.rows.filter((o) => o.kind === 'branch').length,
      participants: rows.participants.length,
      cohorts: rows.cohorts.length,
      sessions: rows.sessions.length,
      enrolments: rows.enrolments.length,
      progressRecords: rows.progress.length,
      attendanceRecords: rows.attendance.length,
      xapiStatements: rows.xapiStatements.length,
    };
  });
}

/** The commissioners, the nine POIs under the KB, a library per municipality with one to four branches. */
function nationalNetwork(random: Random) {
  const { kb, rows } = commissioners();
  const libraries: ScaleLibrary[] = [];
  for (const poi of poisWithMunicipalities) {
    const poiRow = organisationRow({ kind: 'poi', name: poi.name, province: poi.province, city: poi.city }, kb);
    rows.push(poiRow);
    for (const place of poi.places) {
      const domain = `${asciiSlug(place)}.example`;
      const row = libraryRow(poiRow, {
        name: `Bibliotheek ${place}`,
        shortName: place,
        province: poi.province,
        city: place,
        domain,
      });
      const branches = branchSuffixes
        .slice(0, random.int(1, 4))
        .map((suffix) => branchRow(row, suffix === 'Centrum' ? suffix : `${place} ${suffix}`, place));
      rows.push(row, ...branches);
      libraries.push({ row, domain, workplaces: [row, ...branches] });
    }
  }
  return { kb, rows, libraries };
}

/** Spreads the staff over the libraries, larger libraries (more branches) getting more people. */
function addStaff(random: Random, libraries: ScaleLibrary[], count: number, rows: LearningRows) {
  const weighted = libraries.flatMap((library) => library.workplaces.map(() => library));
  const emails = new EmailBook();
  const staff = new Map<ScaleLibrary, Learner[]>();
  for (let i = 0; i < count; i++) {
    const library = random.pick(weighted);
    const name = randomName(random);
    const id = uuidv7();
    const email = emails.addressFor(name, library.domain);
    rows.participants.push({
      id,
      organisationId: random.pick(library.workplaces).id,
      ...name,
      email,
      jobTitle: random.chance(0.05) ? teamLeaderTitle : random.pick(jobTitles),
    });
    const people = staff.get(library);
    if (people) people.push({ participantId: id, email });
    else staff.set(library, [{ participantId: id, email }]);
  }
  return staff;
}

/** Most libraries take all six modules; the others a subset, never none. */
function chooseModules(random: Random, moduleIds: string[]): string[] {
  if (random.chance(0.7)) return moduleIds;
  const chosen = moduleIds.filter(() => random.chance(0.6));
  return chosen.length > 0 ? chosen : [random.pick(moduleIds)];
}

/** A three-month cohort starting on a weekday between February and December 2019, its status as of `scaleAsOf`. */
function addRolloutCohort(
  random: Random,
  content: LoadedProgramme,
  programme: StoredProgramme,
  library: ScaleLibrary,
  learners: Learner[],
  rows: LearningRows,
) {
  // Most libraries started in spring, right after the pilot evaluation; fewer later in the year.
  const week = 5 + Math.floor(45 * random.next() ** 2);
  const startsOn = addDays('2019-01-07', 7 * week + random.int(0, 3));
  const endsOn = addMonths(startsOn, 3);
  const cohort: CohortInsert = {
    id: uuidv7(),
    organisationId: library.row.id,
    programmeVersionId: programme.versionId,
    name: `Leertraject ${library.row.name} 2019`,
    phase: 'rollout',
    status: cohortStatusOn(startsOn, endsOn, scaleAsOf),
    startsOn,
    endsOn,
  };
  const moduleIds = chooseModules(random, programme.moduleIds);
  const meetings = cohortSessions(content.meetingPlan, cohort);
  rows.cohorts.push(cohort);
  rows.cohortModules.push(...moduleIds.map((moduleId) => ({ cohortId: cohort.id, moduleId })));
  rows.sessions.push(...meetings);
  for (const learner of learners) addEnrolment(random, programme, cohort, meetings, moduleIds, learner, rows);
}

/**
 * Enrols one person with progress in line with how far the cohort has come; the enrolment is completed
 * when every chosen module is done and they were present at every meeting (the default completion rule).
 */
function addEnrolment(
  random: Random,
  programme: StoredProgramme,
  cohort: CohortInsert,
  meetings: SessionInsert[],
  moduleIds: string[],
  learner: Learner,
  rows: LearningRows,
) {
  const { participantId } = learner;
  const id = uuidv7();
  const kickoff = meetings.find((m) => m.type === 'kickoff');
  const started = cohort.status !== 'planned';
  const from = kickoff?.startsAt ?? new Date(`${cohort.startsOn}T12:00:00Z`);
  const ends = new Date(`${cohort.endsOn}T17:00:00Z`);
  const until = new Date(Math.min(scaleAsOf.getTime(), ends.getTime()));
  const share = started ? Math.max(0, until.getTime() - from.getTime()) / (ends.getTime() - from.getTime()) : 0;
  const completed = Math.min(moduleIds.length, Math.round(moduleIds.length * share * (0.5 + random.next())));
  const inProgress = started && completed < moduleIds.length && random.chance(0.6);
  const progress = progressRows(random, id, moduleIds, { from, until }, { completed, inProgress });
  const present = attendanceRows(random, id, meetings, scaleAsOf, 0.9);
  const complete =
    completed === moduleIds.length && present.filter((a) => a.status === 'present').length === meetings.length;
  const finishedAt = Math.max(
    ...progress.map((p) => p.completedAt?.getTime() ?? 0),
    ...meetings.map((m) => m.endsAt.getTime()),
  );
  const dates = enrolmentDates(cohort.startsOn, kickoff);
  rows.enrolments.push({
    id,
    cohortId: cohort.id,
    participantId,
    status: complete ? 'completed' : started ? 'active' : 'invited',
    invitedAt: dates.invitedAt,
    activatedAt: started ? dates.activatedAt : null,
    completedAt: complete ? new Date(finishedAt) : null,
  });
  rows.progress.push(...progress);
  rows.attendance.push(...present);
  rows.xapiStatements.push(...xapiRows(random, learner, progress, programme.activityIris));
}
