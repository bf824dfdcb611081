import { cmi5AssignableUnits, cmi5Courses, type Database } from '@loket/db';

type UnitValues = Partial<typeof cmi5AssignableUnits.$inferInsert> & { publisherId: string; url: string };

/**
 * An imported cmi5 course written straight into the database, for tests of what happens after an
 * import (launching, linking); importing itself is tested through the API. Units default to moveOn
 * Completed, AnyWindow, no block, in the order given.
 */
export async function courseInDatabase(db: Database, publisherId: string, units: UnitValues[]): Promise<string> {
  const [course] = await db
    .insert(cmi5Courses)
    .values({
      publisherId,
      title: { 'nl-NL': 'Proefcursus' },
      description: { 'nl-NL': '' },
      structure: [],
      packageType: 'xml',
      importedBy: 'user:test',
    })
    .returning();
  const courseId = course?.id as string;
  await db.insert(cmi5AssignableUnits).values(
    units.map((unit, position) => ({
      courseId,
      position,
      title: { 'nl-NL': `Onderdeel ${position}` },
      description: { 'nl-NL': '' },
      moveOn: 'Completed' as const,
      launchMethod: 'AnyWindow' as const,
      blocks: [],
      ...unit,
    })),
  );
  return courseId;
}

/** The launch parameters an assignable unit reads from its launch URL's query (cmi5 8.1). */
export function parametersOf(url: string) {
  const query = new URL(url).searchParams;
  return {
    endpoint: query.get('endpoint') ?? '',
    fetch: query.get('fetch') ?? '',
    actor: JSON.parse(query.get('actor') ?? 'null'),
    registration: query.get('registration') ?? '',
    activityId: query.get('activityId') ?? '',
  };
}
