import type { Database } from '@loket/db';
import { findUserById } from '@loket/db';
import { invalid } from '../../lib/errors';

/** A cohort's adviser works for the POI the cohort's library belongs to. */
export async function assertAdviser(db: Database, libraryPath: string, adviserUserId: string | null | undefined) {
  if (!adviserUserId) return;
  const adviser = await findUserById(db, adviserUserId);
  if (adviser?.role !== 'adviser' || !adviser.organisationPath || !libraryPath.startsWith(adviser.organisationPath)) {
    throw invalid('/adviserUserId', 'This is not an adviser of the POI the library belongs to.', 'adviser-elsewhere');
  }
}

/**
 * The facilitators of a cohort and of each of its meetings are facilitators or coordinators of the
 * cohort's own library: the one check for both, so a meeting cannot name people from elsewhere.
 */
export async function assertFacilitators(db: Database, libraryPath: string, facilitatorIds: string[] | undefined) {
  for (const [i, id] of (facilitatorIds ?? []).entries()) {
    const user = await findUserById(db, id);
    const local = user?.organisationPath && user.organisationPath === libraryPath;
    if (!user || !local || (user.role !== 'facilitator' && user.role !== 'coordinator')) {
      throw invalid(
        `/facilitatorUserIds/${i}`,
        'This is not a facilitator or coordinator of the library.',
        'facilitator-elsewhere',
      );
    }
  }
}
