import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../connect';
import { type LoadedProgramme, loadContent } from '../content/load';
import { organisations } from '../schema/organisations';
import { insertInBatches } from './batch';
import {
  addMonths,
  attendanceRows,
  cohortSessions,
  emptyLearningRows,
  enrolmentDates,
  insertLearningRows,
  type LearningRows,
  progressRows,
  type StoredProgramme,
  storeProgramme,
} from './learning';
import { EmailBook, jobTitles, randomName, teamLeaderTitle } from './names';
import { type Random, seededRandom } from './random';
import { branchRow, commissioners, libraryRow, type OrganisationInsert, organisationRow } from './tree';

export type PilotPoi = 'cubiss' | 'probiblio';

export interface PilotLibrary {
  key: string;
  domain: string;
  poi: PilotPoi;
  name: string;
  shortName: string;
  province: string;
  city: string;
  branches: string[];
  staff: number;
  /** Weekdays in November 2018 whose meetings (weeks 0, 5 and 10) miss the Christmas holidays. */
  startsOn: string;
}

/** The three pilot libraries of November 2018 and their POIs (see shared/domain/facts.md). */
export const pilotLibraries: readonly PilotLibrary[] = [
  {
    key: 'markiezaat',
    domain: 'markiezaat.example',
    poi: 'cubiss',
    name: 'Bibliotheek Het Markiezaat',
    shortName: 'Het Markiezaat',
    province: 'Noord-Brabant',
    city: 'Bergen op Zoom',
    branches: ['Bergen op Zoom', 'Halsteren', 'Hoogerheide', 'Steenbergen', 'Dinteloord'],
    staff: 17,
    startsOn: '2018-11-13',
  },
  {
    key: 'hilversum',
    domain: 'hilversum.example',
    poi: 'probiblio',
    name: 'Bibliotheek Hilversum',
    shortName: 'Hilversum',
    province: 'Noord-Holland',
    city: 'Hilversum',
    branches: ['Hilversum Centrum', 'Hilversum Noord'],
    staff: 17,
    startsOn: '2018-11-05',
  },
  {
    key: 'helmond-peel',
    domain: 'helmond-peel.example',
    poi: 'cubiss',
    name: 'Bibliotheek Helmond-Peel',
    shortName: 'Helmond-Peel',
    province: 'Noord-Brabant',
    city: 'Helmond',
    branches: ['Helmond', 'Deurne', 'Asten', 'Someren'],
    staff: 16,
    startsOn: '2018-11-15',
  },
];

/** The pilot is seeded as it stood in early December 2018: kick-offs held, the first modules done. */
export const pilotAsOf = new Date('2018-12-07T00:00:00Z');

export interface PilotSeedSummary {
  kbId: string;
  poiIds: Record<PilotPoi, string>;
  libraries: Array<{
    key: string;
    id: string;
    name: string;
    domain: string;
    cohortId: string;
    participantIds: string[];
  }>;
  programmeVersionId: string;
  participants: number;
  branches: number;
  enrolments: number;
  sessions: number;
}

interface SeededLibrary {
  definition: PilotLibrary;
  row: OrganisationInsert;
  branches: OrganisationInsert[];
}

/**
 * The pilot as the article describes it: the commissioners, the two POIs, the three libraries with
 * their branches, 50 front-office staff, and a running pilot cohort per library with its three
 * meetings. Deterministic: every run yields the same people, progress and attendance.
 */
export async function seedPilot(db: Database, options: { content?: LoadedProgramme } = {}): Promise<PilotSeedSummary> {
  const content = options.content ?? (await loadContent());
  const random = seededRandom(2018_11_05);
  return db.transaction(async (tx) => {
    const programme = await storeProgramme(tx, content);
    const network = pilotNetwork();
    await insertInBatches(tx, organisations, network.rows);

    const rows = emptyLearningRows();
    const emails = new EmailBook();
    const libraries = network.libraries.map((library) => {
      const participantIds = addStaff(random, emails, library, rows);
      const cohortId = addPilotCohort(random, content, programme, library, participantIds, rows);
      const { key, name, domain } = library.definition;
      return { key, id: library.row.id, name, domain, cohortId, participantIds };
    });
    await insertLearningRows(tx, rows);

    return {
      kbId: network.kb.id,
      poiIds: { cubiss: network.pois.cubiss.id, probiblio: network.pois.probiblio.id },
      libraries,
      programmeVersionId: programme.versionId,
      participants: rows.participants.length,
      branches: network.libraries.reduce((n, l) => n + l.branches.length, 0),
      enrolments: rows.enrolments.length,
      sessions: rows.sessions.length,
    };
  });
}

/** The KB at the root, the partners and both POIs under it, each library under its POI. */
function pilotNetwork() {
  const { kb, rows } = commissioners();
  const pois: Record<PilotPoi, OrganisationInsert> = {
    cubiss: organisationRow(
      {
        kind: 'poi',
        name: 'Cubiss',
        province: 'Noord-Brabant en Limburg',
        city: 'Tilburg',
        email: 'info@cubiss.example',
        website: 'https://www.cubiss.example',
      },
      kb,
    ),
    probiblio: organisationRow(
      {
        kind: 'poi',
        name: 'ProBiblio',
        province: 'Noord-Holland en Zuid-Holland',
        city: 'Hoofddorp',
        email: 'info@probiblio.example',
        website: 'https://www.probiblio.example',
      },
      kb,
    ),
  };
  const libraries: SeededLibrary[] = pilotLibraries.map((definition) => {
    const row = libraryRow(pois[definition.poi], definition);
    return { definition, row, branches: definition.branches.map((place) => branchRow(row, place)) };
  });
  rows.push(pois.cubiss, pois.probiblio, ...libraries.flatMap((l) => [l.row, ...l.branches]));
  return { kb, pois, libraries, rows };
}

/** The library's front-office team: the team leader at the library itself, the others spread over the branches. */
function addStaff(random: Random, emails: EmailBook, library: SeededLibrary, rows: LearningRows): string[] {
  return Array.from({ length: library.definition.staff }, (_, i) => {
    const name = randomName(random);
    const workplace = i === 0 ? library.row : (library.branches[i % library.branches.length] ?? library.row);
    const person = {
      id: uuidv7(),
      organisationId: workplace.id,
      ...name,
      email: emails.addressFor(name, library.definition.domain),
      jobTitle: i === 0 ? teamLeaderTitle : random.pick(jobTitles),
    };
    rows.participants.push(person);
    return person.id;
  });
}

/** A running three-month pilot cohort with all modules, its three meetings and the whole team enrolled. */
function addPilotCohort(
  random: Random,
  content: LoadedProgramme,
  programme: StoredProgramme,
  library: SeededLibrary,
  participantIds: string[],
  rows: LearningRows,
): string {
  const { name, startsOn } = library.definition;
  const cohort = {
    id: uuidv7(),
    organisationId: library.row.id,
    programmeVersionId: programme.versionId,
    name: `Pilot ${name} 2018`,
    phase: 'pilot' as const,
    status: 'running' as const,
    startsOn,
    endsOn: addMonths(startsOn, 3),
  };
  const meetings = cohortSessions(content, cohort);
  const kickoff = meetings.find((m) => m.type === 'kickoff');
  rows.cohorts.push(cohort);
  rows.cohortModules.push(...programme.moduleIds.map((moduleId) => ({ cohortId: cohort.id, moduleId })));
  rows.sessions.push(...meetings);
  const window = { from: kickoff?.endsAt ?? new Date(`${startsOn}T12:00:00Z`), until: pilotAsOf };
  for (const participantId of participantIds) {
    const enrolmentId = uuidv7();
    rows.enrolments.push({
      id: enrolmentId,
      cohortId: cohort.id,
      participantId,
      status: 'active',
      ...enrolmentDates(startsOn, kickoff),
    });
    // A few weeks in, most modules are still to do: at most two done, perhaps one under way.
    const plan = { completed: random.int(0, 2), inProgress: random.chance(0.5) };
    rows.progress.push(...progressRows(random, enrolmentId, programme.moduleIds, window, plan));
    rows.attendance.push(...attendanceRows(random, enrolmentId, meetings, pilotAsOf, 0.9));
  }
  return cohort.id;
}
