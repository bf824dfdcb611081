import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../connect';
import { replaceCohortFacilitators } from '../queries/cohorts';
import { insertUser } from '../queries/users';
import { cohorts } from '../schema/cohorts';
import { participants } from '../schema/participants';
import type { Role } from '../schema/users';
import { pilotLibraries } from './libraries';
import type { StorySeedSummary } from './story';

export interface DemoAccount {
  email: string;
  role: Role;
  organisation: string;
  /** For a demo participant: where they stand in the story. */
  note?: string;
}

/**
 * One account per role per pilot organisation, all with the same password hash (the README's
 * demo password). Facilitators lead their library's cohorts; advisers advise their POI's cohorts;
 * each library's demo participant is the person the story picked for it.
 */
export async function seedDemoUsers(
  db: Database,
  pilot: Pick<StorySeedSummary, 'kbId' | 'libraries'> & {
    poiIds: StorySeedSummary['poiIds'] | null;
    cohortsByPoi?: StorySeedSummary['cohortsByPoi'];
  },
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
      note?: string,
    ) => {
      const user = await insertUser(tx, {
        email,
        displayName,
        role,
        organisationId: binding.organisationId ?? null,
        participantId: binding.participantId ?? null,
        passwordHash,
      });
      accounts.push({ email, role, organisation, ...(note ? { note } : {}) });
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
      const name = definition?.name ?? library.key;
      await add(
        `coordinator@${library.domain}`,
        `Coördinator ${definition?.shortName ?? name}`,
        'coordinator',
        { organisationId: library.id },
        name,
      );
      const facilitator = await add(
        `facilitator@${library.domain}`,
        `Specialist Educatie ${definition?.shortName ?? name}`,
        'facilitator',
        { organisationId: library.id },
        name,
      );
      for (const cohortId of library.cohortIds) await replaceCohortFacilitators(tx, cohortId, [facilitator.id]);
      const demo = library.demoParticipant;
      if (demo) {
        const [person] = await tx.select().from(participants).where(eq(participants.id, demo.id));
        if (person) {
          await add(
            person.email,
            [person.givenName, person.nameInfix, person.familyName].filter(Boolean).join(' '),
            'participant',
            { participantId: person.id },
            name,
            demo.story,
          );
        }
      }
    }
    for (const poi of ['cubiss', 'probiblio'] as const) {
      const cohortIds = pilot.cohortsByPoi?.[poi] ?? [];
      if (cohortIds.length > 0)
        await tx.update(cohorts).set({ adviserUserId: advisers[poi].id }).where(inArray(cohorts.id, cohortIds));
    }
    return accounts;
  });
}
