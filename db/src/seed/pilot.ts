import { and, eq } from 'drizzle-orm';
import type { Database } from '../connect';
import { type LoadedProgramme, loadContent } from '../content/load';
import { draftMeetings } from '../content/meetings';
import { syncContent } from '../content/sync';
import { insertCohort, replaceCohortFacilitators, replaceCohortModules } from '../queries/cohorts';
import { insertEnrolments } from '../queries/enrolments';
import { insertOrganisation, type OrganisationRow, type OrganisationValues } from '../queries/organisations';
import { insertSessions } from '../queries/sessions';
import { insertUser } from '../queries/users';
import { cohorts } from '../schema/cohorts';
import { moduleProgress } from '../schema/enrolments';
import { participants } from '../schema/participants';
import { modules } from '../schema/programmes';
import { attendance } from '../schema/sessions';
import type { Role } from '../schema/users';
import { emailLocalPart, familyNames, jobTitles, menGivenNames, womenGivenNames } from './names';
import { seededRandom } from './random';

interface PilotLibrary {
  key: string;
  domain: string;
  poi: 'cubiss' | 'probiblio';
  values: OrganisationValues;
  branches: string[];
  staff: number;
  startsOn: string;
  endsOn: string;
}

/** The three pilot libraries of November 2018 and their POIs (see shared/domain/facts.md). */
const pilotLibraries: PilotLibrary[] = [
  {
    key: 'markiezaat',
    domain: 'markiezaat.example',
    poi: 'cubiss',
    values: {
      kind: 'library',
      name: 'Bibliotheek Het Markiezaat',
      shortName: 'Het Markiezaat',
      province: 'Noord-Brabant',
      city: 'Bergen op Zoom',
      email: 'info@markiezaat.example',
      website: 'https://www.markiezaat.example',
    },
    branches: ['Bergen op Zoom', 'Halsteren', 'Hoogerheide', 'Steenbergen', 'Dinteloord'],
    staff: 17,
    startsOn: '2018-11-12',
    endsOn: '2019-02-12',
  },
  {
    key: 'hilversum',
    domain: 'hilversum.example',
    poi: 'probiblio',
    values: {
      kind: 'library',
      name: 'Bibliotheek Hilversum',
      shortName: 'Hilversum',
      province: 'Noord-Holland',
      city: 'Hilversum',
      email: 'info@hilversum.example',
      website: 'https://www.hilversum.example',
    },
    branches: ['Hilversum Centrum', 'Hilversum Noord'],
    staff: 17,
    startsOn: '2018-11-05',
    endsOn: '2019-02-05',
  },
  {
    key: 'helmond-peel',
    domain: 'helmond-peel.example',
    poi: 'cubiss',
    values: {
      kind: 'library',
      name: 'Bibliotheek Helmond-Peel',
      shortName: 'Helmond-Peel',
      province: 'Noord-Brabant',
      city: 'Helmond',
      email: 'info@helmond-peel.example',
      website: 'https://www.helmond-peel.example',
    },
    branches: ['Helmond', 'Deurne', 'Asten', 'Someren'],
    staff: 16,
    startsOn: '2018-11-19',
    endsOn: '2019-02-19',
  },
];

export interface PilotSeedSummary {
  kbId: string;
  poiIds: Record<'cubiss' | 'probiblio', string>;
  libraries: Array<{ key: string; id: string; domain: string; cohortId: string; participantIds: string[] }>;
  programmeVersionId: string;
  participants: number;
}

export async function seedCommissioners(db: Database) {
  const kb = await insertOrganisation(
    db,
    {
      kind: 'national',
      name: 'Koninklijke Bibliotheek',
      shortName: 'KB',
      city: 'Den Haag',
      email: 'info@kb.example',
      website: 'https://www.kb.example',
    },
    undefined,
  );
  await insertOrganisation(
    db,
    { kind: 'partner', name: 'Stichting Lezen', city: 'Amsterdam', website: 'https://www.lezen.example' },
    kb,
  );
  await insertOrganisation(
    db,
    {
      kind: 'partner',
      name: 'Stichting Lezen & Schrijven',
      city: 'Den Haag',
      website: 'https://www.lezenenschrijven.example',
    },
    kb,
  );
  return kb;
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
    const sync = await syncContent(tx, content);
    const versionModules = await tx
      .select()
      .from(modules)
      .where(eq(modules.programmeVersionId, sync.programmeVersionId));
    const kb = await seedCommissioners(tx);
    const pois: Record<'cubiss' | 'probiblio', OrganisationRow> = {
      cubiss: await insertOrganisation(
        tx,
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
      probiblio: await insertOrganisation(
        tx,
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

    const summary: PilotSeedSummary = {
      kbId: kb.id,
      poiIds: { cubiss: pois.cubiss.id, probiblio: pois.probiblio.id },
      libraries: [],
      programmeVersionId: sync.programmeVersionId,
      participants: 0,
    };
    const usedEmails = new Set<string>();

    for (const library of pilotLibraries) {
      const row = await insertOrganisation(tx, library.values, pois[library.poi]);
      const branches: OrganisationRow[] = [];
      for (const place of library.branches) {
        branches.push(
          await insertOrganisation(
            tx,
            {
              kind: 'branch',
              name: `${library.values.name}, vestiging ${place}`,
              shortName: place,
              province: library.values.province,
              city: place,
            },
            row,
          ),
        );
      }
      const people = Array.from({ length: library.staff }, (_, i) => {
        const woman = random.chance(0.84);
        const givenName = woman ? random.pick(womenGivenNames) : random.pick(menGivenNames);
        const [nameInfix, familyName] = random.pick(familyNames);
        let local = emailLocalPart(givenName, nameInfix, familyName);
        while (usedEmails.has(`${local}@${library.domain}`)) local = `${local}${random.int(2, 9)}`;
        usedEmails.add(`${local}@${library.domain}`);
        const workplace = i === 0 ? row : (branches[i % branches.length] ?? row);
        return {
          organisationId: workplace.id,
          givenName,
          nameInfix,
          familyName,
          email: `${local}@${library.domain}`,
          jobTitle: i === 0 ? 'Teamleider publieksservice' : random.pick(jobTitles),
        };
      });
      const inserted = await tx.insert(participants).values(people).returning({ id: participants.id });

      const cohort = await insertCohort(tx, {
        organisationId: row.id,
        programmeVersionId: sync.programmeVersionId,
        name: `Pilot ${library.values.name} 2018`,
        phase: 'pilot',
        status: 'running',
        startsOn: library.startsOn,
        endsOn: library.endsOn,
      });
      await replaceCohortModules(
        tx,
        cohort.id,
        versionModules.map((m) => m.id),
      );
      const meetings = await insertSessions(
        tx,
        draftMeetings(content.meetingPlan, library.startsOn, library.endsOn).map((m) => ({
          ...m,
          cohortId: cohort.id,
          locationOrganisationId: row.id,
        })),
      );
      const enrolled = await insertEnrolments(
        tx,
        inserted.map((p) => ({ cohortId: cohort.id, participantId: p.id, status: 'active' as const })),
        versionModules.map((m) => m.id),
      );
      // A month in: everyone was at the kick-off (a few excused), and most have done a module or two.
      const kickoff = meetings.find((m) => m.type === 'kickoff');
      if (kickoff) {
        await tx.insert(attendance).values(
          enrolled.map((e) => ({
            sessionId: kickoff.id,
            enrolmentId: e.id,
            status: random.chance(0.9) ? ('present' as const) : ('excused' as const),
            recordedAt: kickoff.endsAt,
          })),
        );
      }
      for (const enrolment of enrolled) {
        const done = random.int(0, 3);
        for (const module of versionModules.slice(0, done)) {
          const completedAt = new Date(`${library.startsOn}T10:00:00Z`);
          completedAt.setUTCDate(completedAt.getUTCDate() + 7 * module.position);
          await tx
            .update(moduleProgress)
            .set({
              status: 'completed',
              startedAt: completedAt,
              completedAt,
              score: (0.6 + random.int(0, 40) / 100).toFixed(4),
            })
            .where(and(eq(moduleProgress.enrolmentId, enrolment.id), eq(moduleProgress.moduleId, module.id)));
        }
      }
      summary.libraries.push({
        key: library.key,
        id: row.id,
        domain: library.domain,
        cohortId: cohort.id,
        participantIds: inserted.map((p) => p.id),
      });
      summary.participants += inserted.length;
    }
    return summary;
  });
}

export interface DemoAccount {
  email: string;
  role: Role;
  organisation: string;
}

/**
 * One account per role per pilot organisation, all with the same password hash (the README's
 * demo password). Facilitators lead their library's cohort; advisers advise their POI's cohorts.
 */
export async function seedDemoUsers(
  db: Database,
  pilot: Pick<PilotSeedSummary, 'kbId' | 'libraries'> & { poiIds: PilotSeedSummary['poiIds'] | null },
  passwordHash: string,
): Promise<DemoAccount[]> {
  return db.transaction(async (tx) => {
    const accounts: DemoAccount[] = [];
    const add = async (
      email: string,
      displayName: string,
      role: Role,
      binding: { organisationId?: string; participantId?: string },
      organisation: string,
    ) => {
      const user = await insertUser(tx, {
        email,
        displayName,
        role,
        organisationId: binding.organisationId ?? null,
        participantId: binding.participantId ?? null,
        passwordHash,
      });
      accounts.push({ email, role, organisation });
      return user;
    };
    await add('admin@kb.example', 'Beheerder KB', 'admin', { organisationId: pilot.kbId }, 'Koninklijke Bibliotheek');
    if (!pilot.poiIds) return accounts;
    const advisers = {
      cubiss: await add(
        'adviseur@cubiss.example',
        'Adviseur Cubiss',
        'adviser',
        { organisationId: pilot.poiIds.cubiss },
        'Cubiss',
      ),
      probiblio: await add(
        'adviseur@probiblio.example',
        'Adviseur ProBiblio',
        'adviser',
        { organisationId: pilot.poiIds.probiblio },
        'ProBiblio',
      ),
    };
    for (const library of pilot.libraries) {
      const definition = pilotLibraries.find((l) => l.key === library.key);
      const name = definition?.values.name ?? library.key;
      await add(
        `coordinator@${library.domain}`,
        `Coördinator ${definition?.values.shortName ?? name}`,
        'coordinator',
        { organisationId: library.id },
        name,
      );
      const facilitator = await add(
        `facilitator@${library.domain}`,
        `Specialist Educatie ${definition?.values.shortName ?? name}`,
        'facilitator',
        { organisationId: library.id },
        name,
      );
      await replaceCohortFacilitators(tx, library.cohortId, [facilitator.id]);
      await tx
        .update(cohorts)
        .set({ adviserUserId: advisers[definition?.poi ?? 'cubiss'].id })
        .where(eq(cohorts.id, library.cohortId));
      const firstParticipant = library.participantIds[0];
      if (firstParticipant) {
        const [person] = await tx.select().from(participants).where(eq(participants.id, firstParticipant));
        if (person) {
          await add(
            person.email,
            [person.givenName, person.nameInfix, person.familyName].filter(Boolean).join(' '),
            'participant',
            { participantId: person.id },
            name,
          );
        }
      }
    }
    return accounts;
  });
}
