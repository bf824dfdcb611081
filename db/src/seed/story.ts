import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../connect';
import { type LoadedProgramme, loadContent } from '../content/load';
import { amsterdamTime } from '../content/meetings';
import { lockProgramme, publishProgrammeVersion } from '../queries/programmes';
import type { CohortPhase } from '../schema/cohorts';
import { organisations } from '../schema/organisations';
import { insertInBatches } from './batch';
import { type Edition, type EvaluationSubject, evaluationRow } from './evaluations';
import {
  type AttendanceInsert,
  addDays,
  addMonths,
  type CohortInsert,
  cohortSessions,
  cohortStatusOn,
  emptyLearningRows,
  insertLearningRows,
  type LearningRows,
  type ProgressInsert,
  progressRows,
  type SessionInsert,
  type StoredProgramme,
  storeProgramme,
  xapiRows,
} from './learning';
import {
  currentGroups,
  type DemoPlan,
  laterLibraries,
  type PilotLibrary,
  type PilotPoi,
  pilotLibraries,
  type RolloutLibrary,
  rolloutLibraries,
} from './libraries';
import { poisWithMunicipalities } from './municipalities';
import { asciiSlug, EmailBook, jobTitles, randomName, teamLeaderTitle } from './names';
import { type Random, seededRandom } from './random';
import { branchRow, commissioners, libraryRow, type OrganisationInsert, organisationRow } from './tree';
import { pilotVersionOf, pilotVersionPublishedAt, revisedVersionPublishedAt } from './versions';

/** A certificate the story has: the API issues it through its certificate service, on this day. */
export interface PlannedCertificate {
  enrolmentId: string;
  issuedAt: Date;
}

export interface StorySeedSummary {
  kbId: string;
  poiIds: Record<PilotPoi, string>;
  /** The pilot libraries, which have the demo accounts. */
  libraries: Array<{
    key: string;
    id: string;
    name: string;
    domain: string;
    cohortIds: string[];
    /** Who signs in as the library's demo participant, and where they stand in the story. */
    demoParticipant: { id: string; story: string } | null;
  }>;
  /** The cohorts of each demo POI's libraries, which its demo adviser advises. */
  cohortsByPoi: Record<PilotPoi, string[]>;
  programmeVersionIds: { pilot: string; current: string };
  certificates: PlannedCertificate[];
  participants: number;
  branches: number;
  cohorts: number;
  enrolments: number;
  sessions: number;
  evaluations: number;
}

interface StoryLibrary {
  key: string;
  domain: string;
  poiName: string;
  row: OrganisationInsert;
  branches: OrganisationInsert[];
  cohortIds: string[];
  demoParticipant: { id: string; story: string } | null;
}

/** Everything the cohorts are built into, with the random stream of the chapter being told. */
interface Build {
  random: Random;
  rows: LearningRows;
  emails: EmailBook;
  asOf: Date;
  certificates: PlannedCertificate[];
}

interface CohortSpec {
  library: StoryLibrary;
  name: string;
  phase: CohortPhase;
  programme: StoredProgramme;
  edition: Edition;
  startsOn: string;
  staff: number;
  /** The share of a finished group that meets the completion rule. */
  completes: number;
  /** The first person's fixed plan; they become the library's demo participant. */
  demo?: DemoPlan;
  /** Someone finished after the group's certificates were issued: eligible, not yet issued. */
  lateFinisher?: boolean;
}

const hour = 3_600_000;
const day = 24 * hour;

/** The calendar day in Amsterdam of a moment, as YYYY-MM-DD. */
function amsterdamDay(moment: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(moment);
}

/** Invitations go out two weeks before the start; for a group about to start, just before the seed ran. */
function invitationOf(startsOn: string, asOf: Date): Date {
  return new Date(Math.min(new Date(`${addDays(startsOn, -14)}T08:00:00Z`).getTime(), asOf.getTime() - hour));
}

/** The Monday of the week a date lies in, plus `weekday` days (0 Monday … 3 Thursday). */
function weekdayOfWeek(date: string, weekday: number): string {
  const dayOfWeek = (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, weekday - dayOfWeek);
}

/**
 * The programme's story as demo data: version 1 for the pilot of November 2018 to February 2019 in
 * Het Markiezaat, Hilversum and Helmond-Peel (50 staff, closed, certified and evaluated); the revised
 * version with four meetings, published in March 2019; the rollout of 2019 (eight libraries in ten
 * groups); and the groups of these months, dated relative to `asOf` (the day the seed runs).
 * Deterministic for a given day: the pilot and the 2019 rollout are the same on every run.
 * Certificates are not stored here but returned, for the API to issue through its own service.
 */
export async function seedStory(
  db: Database,
  options: { content?: LoadedProgramme; asOf?: Date } = {},
): Promise<StorySeedSummary> {
  const content = options.content ?? (await loadContent());
  const asOf = options.asOf ?? new Date();
  return db.transaction(async (tx) => {
    const pilotVersion = await storeProgramme(tx, pilotVersionOf(content), pilotVersionPublishedAt);
    const current = await storeProgramme(tx, content, revisedVersionPublishedAt);
    const programme = await lockProgramme(tx, current.programmeId);
    if (!programme) throw new Error('the programme vanished');
    await publishProgrammeVersion(tx, programme, current.versionId, revisedVersionPublishedAt);

    const network = storyNetwork();
    await insertInBatches(tx, organisations, network.rows);
    const rows = emptyLearningRows();
    const emails = new EmailBook();
    const certificates: PlannedCertificate[] = [];
    const build = (seed: number): Build => ({ random: seededRandom(seed), rows, emails, asOf, certificates });

    const pilot = build(2018_11_05);
    for (const definition of pilotLibraries) {
      const library = network.library(definition.key);
      addCohort(pilot, {
        library,
        name: `Pilot ${definition.name} 2018`,
        phase: 'pilot',
        programme: pilotVersion,
        edition: 'pilot',
        startsOn: definition.startsOn,
        staff: definition.staff,
        completes: 0.84,
        ...(definition.key === 'markiezaat' ? { demo: 'completed' as const } : {}),
      });
    }

    const rollout = build(2019_04_08);
    for (const definition of rolloutLibraries) {
      const library = network.library(definition.key);
      definition.groups.forEach((group, index) => {
        const season = definition.groups.length > 1 ? (index === 0 ? ' voorjaar' : ' najaar') : '';
        addCohort(rollout, {
          library,
          name: `Leertraject ${definition.name}${season} 2019`,
          phase: 'rollout',
          programme: current,
          edition: 'current',
          startsOn: group.startsOn,
          staff: group.staff,
          completes: 0.86,
        });
      });
    }

    const now = build(Number(amsterdamDay(asOf).replaceAll('-', '')));
    const today = amsterdamDay(asOf);
    for (const group of currentGroups) {
      const library = network.library(group.library);
      const startsOn = weekdayOfWeek(addDays(today, -7 * group.weeksAgo), group.weekday);
      addCohort(now, {
        library,
        name: `Leertraject ${library.row.name} ${startsOn.slice(0, 4)}`,
        phase: 'rollout',
        programme: current,
        edition: 'current',
        startsOn,
        staff: group.staff,
        completes: 0.85,
        ...(group.demo ? { demo: group.demo } : {}),
        lateFinisher: group.demo === 'completed',
      });
    }

    await insertLearningRows(tx, rows);
    const poiCohorts = (poi: PilotPoi) =>
      network.libraries.filter((l) => l.poiName === network.pois[poi].name).flatMap((l) => l.cohortIds);
    return {
      kbId: network.kb.id,
      poiIds: { cubiss: network.pois.cubiss.id, probiblio: network.pois.probiblio.id },
      libraries: pilotLibraries.map((definition) => {
        const library = network.library(definition.key);
        return {
          key: definition.key,
          id: library.row.id,
          name: definition.name,
          domain: definition.domain,
          cohortIds: library.cohortIds,
          demoParticipant: library.demoParticipant,
        };
      }),
      cohortsByPoi: { cubiss: poiCohorts('cubiss'), probiblio: poiCohorts('probiblio') },
      programmeVersionIds: { pilot: pilotVersion.versionId, current: current.versionId },
      certificates: certificates.sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime()),
      participants: rows.participants.length,
      branches: network.rows.filter((o) => o.kind === 'branch').length,
      cohorts: rows.cohorts.length,
      enrolments: rows.enrolments.length,
      sessions: rows.sessions.length,
      evaluations: rows.evaluations.length,
    };
  });
}

/** The KB and its partners, the nine POIs, and the story's libraries with their branches under their POI. */
function storyNetwork() {
  const { kb, rows } = commissioners();
  const poiRows = new Map(
    poisWithMunicipalities.map((poi) => {
      const slug = asciiSlug(poi.name);
      const row = organisationRow(
        {
          kind: 'poi',
          name: poi.name,
          province: poi.province,
          city: poi.city,
          email: `info@${slug}.example`,
          website: `https://www.${slug}.example`,
        },
        kb,
      );
      return [poi.name, row];
    }),
  );
  const poiNamed = (name: string) => {
    const row = poiRows.get(name);
    if (!row) throw new Error(`no POI ${name}`);
    return row;
  };
  rows.push(...poiRows.values());
  const pois: Record<PilotPoi, OrganisationInsert> = { cubiss: poiNamed('Cubiss'), probiblio: poiNamed('ProBiblio') };

  const libraries: StoryLibrary[] = [];
  const add = (key: string, domain: string, poi: OrganisationInsert, definition: PilotLibrary | RolloutLibrary) => {
    const row = libraryRow(poi, { ...definition, domain });
    const branches = definition.branches.map((place) => branchRow(row, place, definition.city));
    rows.push(row, ...branches);
    libraries.push({ key, domain, poiName: poi.name, row, branches, cohortIds: [], demoParticipant: null });
  };
  for (const definition of pilotLibraries) add(definition.key, definition.domain, pois[definition.poi], definition);
  for (const definition of [...rolloutLibraries, ...laterLibraries]) {
    add(definition.key, `${asciiSlug(definition.city)}.example`, poiNamed(definition.poi), definition);
  }
  const library = (key: string) => {
    const found = libraries.find((l) => l.key === key);
    if (!found) throw new Error(`no library ${key}`);
    return found;
  };
  return { kb, pois, libraries, library, rows };
}

/** Where a group's people work: the team leader at the library, the others spread over the branches. */
function addPeople(build: Build, library: StoryLibrary, count: number, since: Date) {
  return Array.from({ length: count }, (_, i) => {
    const name = randomName(build.random);
    const workplace = i === 0 ? library.row : (library.branches[i % library.branches.length] ?? library.row);
    const person = {
      id: uuidv7(),
      organisationId: workplace.id,
      ...name,
      email: build.emails.addressFor(name, library.domain),
      jobTitle: i === 0 ? teamLeaderTitle : build.random.pick(jobTitles),
      createdAt: since,
      updatedAt: since,
    };
    build.rows.participants.push(person);
    return person;
  });
}

/** A three-month group with all six modules, its meetings and its people, as far as it has come by `asOf`. */
function addCohort(build: Build, spec: CohortSpec) {
  const endsOn = addMonths(spec.startsOn, 3);
  const invitedAt = invitationOf(spec.startsOn, build.asOf);
  const cohort: CohortInsert = {
    id: uuidv7(),
    organisationId: spec.library.row.id,
    programmeVersionId: spec.programme.versionId,
    name: spec.name,
    phase: spec.phase,
    status: cohortStatusOn(spec.startsOn, endsOn, build.asOf),
    startsOn: spec.startsOn,
    endsOn,
    createdAt: new Date(invitedAt.getTime() - 14 * day),
    updatedAt: invitedAt,
  };
  const meetings = cohortSessions(spec.programme.meetingPlan, cohort);
  build.rows.cohorts.push(cohort);
  build.rows.cohortModules.push(...spec.programme.moduleIds.map((moduleId) => ({ cohortId: cohort.id, moduleId })));
  build.rows.sessions.push(...meetings);
  spec.library.cohortIds.push(cohort.id);

  const people = addPeople(build, spec.library, spec.staff, invitedAt);
  // The certificates of a finished group are issued together, a week after its last day.
  const issuedAt = amsterdamTime(addDays(endsOn, 7), '10:00');
  const late = spec.lateFinisher ? people.length - 1 : -1;
  people.forEach((person, index) => {
    const demo = index === 1 ? spec.demo : undefined;
    const enrolment = addEnrolment(build, spec, cohort, meetings, person, demo, index === late ? issuedAt : null);
    if (demo) spec.library.demoParticipant = { id: person.id, story: demoStory(spec, demo, cohort.status) };
    if (enrolment.eligible && index !== late && issuedAt < build.asOf && cohort.status !== 'running') {
      build.certificates.push({ enrolmentId: enrolment.id, issuedAt });
    }
  });
}

/** What the demo participant shows, in the words `pnpm start` prints next to their login. */
function demoStory(spec: CohortSpec, demo: DemoPlan, status: CohortInsert['status']) {
  if (demo === 'midway') return `halfway through ${spec.name}`;
  return status === 'closed'
    ? `completed ${spec.name}, with certificate`
    : `completed ${spec.name}: certificate issued, evaluations still open`;
}

/** How someone fares: on track (in a finished group, completed), a module or a meeting short, or gone. */
type Outcome = 'on_track' | 'module_gap' | 'meeting_gap' | 'withdrawn';

/**
 * One person in a group: their progress, attendance and evaluations so far. A finished group ends
 * mostly complete, some missing a module or a meeting, a few withdrawn; a running group is as far as
 * its weeks allow. `finishedAfter` makes the last module done on that day (after the certificates).
 */
function addEnrolment(
  build: Build,
  spec: CohortSpec,
  cohort: CohortInsert,
  meetings: SessionInsert[],
  person: { id: string; email: string },
  demo: DemoPlan | undefined,
  finishedAfter: Date | null,
) {
  const { random, asOf } = build;
  const moduleIds = spec.programme.moduleIds;
  const id = uuidv7();
  const kickoff = meetings[0];
  const startsAt = kickoff?.startsAt ?? new Date(`${cohort.startsOn}T12:00:00Z`);
  const ends = new Date(`${cohort.endsOn}T17:00:00Z`);
  const started = cohort.status !== 'planned';
  const finished = ends < asOf;
  const held = meetings.filter((m) => m.startsAt < asOf);

  const outcome: Outcome =
    demo || finishedAfter
      ? 'on_track'
      : started && random.chance(0.04)
        ? 'withdrawn'
        : !finished || random.chance(spec.completes)
          ? 'on_track'
          : random.chance(0.5)
            ? 'module_gap'
            : 'meeting_gap';
  const withdrawnAt =
    outcome === 'withdrawn'
      ? new Date(
          startsAt.getTime() +
            (Math.min(asOf.getTime(), ends.getTime()) - startsAt.getTime()) * (0.2 + random.next() * 0.4),
        )
      : null;
  const until = new Date(Math.min(asOf.getTime(), ends.getTime(), withdrawnAt?.getTime() ?? Number.POSITIVE_INFINITY));
  const window = { from: kickoff?.endsAt ?? startsAt, until };

  let plan: { completed: number; inProgress: boolean };
  if (!started) plan = { completed: 0, inProgress: false };
  else if (demo === 'midway') plan = { completed: Math.floor(moduleIds.length / 2), inProgress: true };
  else if (outcome === 'withdrawn') plan = { completed: random.int(0, 2), inProgress: random.chance(0.5) };
  else if (!finished) {
    const share = Math.max(0, until.getTime() - startsAt.getTime()) / (ends.getTime() - startsAt.getTime());
    const completed = Math.min(moduleIds.length, Math.round(moduleIds.length * share * (0.6 + random.next())));
    plan = { completed, inProgress: completed < moduleIds.length && random.chance(0.6) };
  } else if (outcome === 'module_gap')
    plan = { completed: moduleIds.length - random.int(1, 2), inProgress: random.chance(0.6) };
  else plan = { completed: moduleIds.length, inProgress: false };
  const progress = progressRows(random, id, moduleIds, window, plan);
  if (finishedAfter) finishLastModule(progress, new Date(finishedAfter.getTime() + 2 * day + 5 * hour));

  const attended = withdrawnAt ? held.filter((m) => m.startsAt < withdrawnAt) : held;
  const missed = outcome === 'meeting_gap' ? random.pick(attended) : undefined;
  const waived = outcome === 'on_track' && finished && !demo && random.chance(0.1) ? random.pick(attended) : undefined;
  const attendance: AttendanceInsert[] = attended.map((meeting) => {
    const recordedAt = new Date(Math.min(meeting.endsAt.getTime(), asOf.getTime()));
    if (meeting === missed) {
      const status = random.chance(0.5) ? 'absent' : 'excused';
      return { sessionId: meeting.id, enrolmentId: id, status, recordedAt };
    }
    if (meeting === waived)
      return { sessionId: meeting.id, enrolmentId: id, status: 'excused', excuseWaived: true, recordedAt };
    const present = demo || finished || random.chance(0.9);
    const status = present ? 'present' : random.chance(0.6) ? 'excused' : 'absent';
    return { sessionId: meeting.id, enrolmentId: id, status, recordedAt };
  });

  const allModules = progress.every((p) => p.status === 'completed');
  const everyMeeting = meetings.every((meeting) => {
    const record = attendance.find((a) => a.sessionId === meeting.id);
    return record?.status === 'present' || (record?.status === 'excused' && record.excuseWaived === true);
  });
  const eligible = allModules && everyMeeting && !withdrawnAt;
  const lastStep = Math.max(
    ...progress.map((p) => p.completedAt?.getTime() ?? 0),
    ...attendance.map((a) => a.recordedAt?.getTime() ?? 0),
  );
  const invitedAt = invitationOf(cohort.startsOn, asOf);
  build.rows.enrolments.push({
    id,
    cohortId: cohort.id,
    participantId: person.id,
    status: withdrawnAt ? 'withdrawn' : eligible ? 'completed' : started ? 'active' : 'invited',
    invitedAt,
    activatedAt: started ? startsAt : null,
    completedAt: eligible ? new Date(lastStep) : null,
    withdrawnAt,
    createdAt: invitedAt,
    updatedAt: new Date(Math.max(invitedAt.getTime(), lastStep, withdrawnAt?.getTime() ?? 0)),
  });
  build.rows.progress.push(...progress);
  build.rows.attendance.push(...attendance);
  build.rows.xapiStatements.push(
    ...xapiRows(random, { participantId: person.id, email: person.email }, progress, spec.programme.activityIris, asOf),
  );
  build.rows.evaluations.push(...evaluations(build, spec, cohort, id, progress, attendance, meetings, demo));
  return { id, eligible };
}

/** Moves the last module's completion to a later day. */
function finishLastModule(progress: ProgressInsert[], at: Date) {
  const last = progress[progress.length - 1];
  if (!last?.completedAt) return;
  last.completedAt = at;
  last.startedAt = new Date(at.getTime() - 3 * hour);
}

/**
 * What a person evaluated so far: most of their completed modules and the meetings they were at, and
 * the whole programme once the group finished. The demo participants leave something to fill in.
 */
function evaluations(
  build: Build,
  spec: CohortSpec,
  cohort: CohortInsert,
  enrolmentId: string,
  progress: ProgressInsert[],
  attendance: AttendanceInsert[],
  meetings: SessionInsert[],
  demo: DemoPlan | undefined,
) {
  const { random, asOf } = build;
  const later = (moment: Date, hours: number) =>
    new Date(Math.min(moment.getTime() + hours * hour, asOf.getTime() - hour));
  const subjects: EvaluationSubject[] = [];
  // The demo participants: midway has evaluated only the first of each; completed, in a group still
  // open, all but the last, so the screens show both a filled-in and an open form.
  const keep = (index: number, count: number, chance: number) =>
    demo === 'midway'
      ? index === 0
      : demo === 'completed'
        ? cohort.status === 'closed' || index < count - 1
        : random.chance(chance);
  const done = progress.filter((p) => p.completedAt);
  done.forEach((p, index) => {
    const kept = keep(index, done.length, 0.7);
    if (kept && p.completedAt)
      subjects.push({
        subjectType: 'module',
        subjectId: p.moduleId,
        moduleCode: spec.programme.moduleCodes.get(p.moduleId),
        at: later(p.completedAt, random.int(0, 30)),
      });
  });
  const present = attendance.filter((a) => a.status === 'present');
  present.forEach((a, index) => {
    const meeting = meetings.find((m) => m.id === a.sessionId);
    if (keep(index, present.length, 0.6) && meeting)
      subjects.push({ subjectType: 'session', subjectId: meeting.id, at: later(meeting.endsAt, random.int(1, 48)) });
  });
  const finished = cohort.status === 'evaluating' || cohort.status === 'closed';
  const closing = demo ? cohort.status === 'closed' : finished && random.chance(0.75);
  if (closing)
    subjects.push({
      subjectType: 'cohort',
      subjectId: cohort.id,
      at: later(new Date(`${cohort.endsOn}T12:00:00Z`), random.int(2, 240)),
    });
  return subjects.map((subject) =>
    evaluationRow(random, spec.edition, spec.programme.evaluationQuestions, enrolmentId, subject),
  );
}
