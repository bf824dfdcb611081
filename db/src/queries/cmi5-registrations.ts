import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../connect';
import { cmi5AssignableUnits, cmi5Courses, cmi5Registrations, cmi5Sessions } from '../schema/cmi5';
import { modules } from '../schema/programmes';
import { xapiStatements } from '../schema/xapi';

/** An imported course's assignable unit by its position, with what a launch needs of its course. */
export async function findCourseUnit(db: Database, courseId: string, position: number) {
  const [row] = await db
    .select({ unit: cmi5AssignableUnits, coursePublisherId: cmi5Courses.publisherId })
    .from(cmi5AssignableUnits)
    .innerJoin(cmi5Courses, eq(cmi5Courses.id, cmi5AssignableUnits.courseId))
    .where(and(eq(cmi5AssignableUnits.courseId, courseId), eq(cmi5AssignableUnits.position, position)));
  return row ? { ...row.unit, coursePublisherId: row.coursePublisherId } : undefined;
}

/** Every unit of a course in order: what satisfying its blocks and the course is judged on. */
export function listCourseUnits(db: Database, courseId: string) {
  return db
    .select({
      id: cmi5AssignableUnits.id,
      position: cmi5AssignableUnits.position,
      moveOn: cmi5AssignableUnits.moveOn,
      blocks: cmi5AssignableUnits.blocks,
    })
    .from(cmi5AssignableUnits)
    .where(eq(cmi5AssignableUnits.courseId, courseId))
    .orderBy(asc(cmi5AssignableUnits.position));
}

export type Cmi5RegistrationRow = typeof cmi5Registrations.$inferSelect;

/** A registration, locked while its sessions and satisfaction change. */
export async function findCmi5Registration(db: Database, id: string, lock = false) {
  const query = db.select().from(cmi5Registrations).where(eq(cmi5Registrations.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** Makes a registration unless it exists; answers whether this call made it. */
export async function insertCmi5Registration(db: Database, values: typeof cmi5Registrations.$inferInsert) {
  const rows = await db.insert(cmi5Registrations).values(values).onConflictDoNothing().returning();
  return rows.length > 0;
}

const moduleUnit = alias(cmi5AssignableUnits, 'module_unit');

/**
 * A running session as the LRS judges what its unit sends: who it is for, in which registration,
 * about which activity (Loket's own id for the unit), in which launch mode, with which mastery score.
 * `publicUrl`'s origin makes an imported unit's activity id; a module's is its own IRI.
 */
export async function findCmi5SessionFacts(db: Database, sessionId: string) {
  const [row] = await db
    .select({
      id: cmi5Sessions.id,
      status: cmi5Sessions.status,
      launchMode: cmi5Sessions.launchMode,
      participantId: cmi5Sessions.participantId,
      enrolmentId: cmi5Sessions.enrolmentId,
      moduleActivityIri: modules.activityIri,
      registrationId: cmi5Sessions.registrationId,
      registrationActorKey: cmi5Registrations.actorKey,
      courseId: cmi5Registrations.courseId,
      position: cmi5AssignableUnits.position,
      masteryScore: sql<number | null>`coalesce(${cmi5AssignableUnits.masteryScore}, ${moduleUnit.masteryScore})`,
    })
    .from(cmi5Sessions)
    .leftJoin(modules, eq(modules.id, cmi5Sessions.moduleId))
    .leftJoin(moduleUnit, eq(moduleUnit.id, modules.assignableUnitId))
    .leftJoin(cmi5Registrations, eq(cmi5Registrations.id, cmi5Sessions.registrationId))
    .leftJoin(cmi5AssignableUnits, eq(cmi5AssignableUnits.id, cmi5Sessions.assignableUnitId))
    .where(eq(cmi5Sessions.id, sessionId));
  return row;
}

const sessionIdOf = sql<
  string | null
>`${xapiStatements.statement}->'context'->'extensions'->>'https://w3id.org/xapi/cmi5/context/extensions/sessionid'`;
const notVoided = sql`not exists (select 1 from ${xapiStatements} v where v.voids_id = ${xapiStatements.id})`;

/** The verbs reported about an activity in a registration (not voided), each with the session it came in. */
export function reportedInRegistration(db: Database, registration: string, activityIri: string) {
  return db
    .selectDistinct({ verb: xapiStatements.verb, sessionId: sessionIdOf })
    .from(xapiStatements)
    .where(
      and(
        eq(xapiStatements.registration, registration),
        eq(xapiStatements.activityIri, activityIri),
        isNull(xapiStatements.voidsId),
        notVoided,
      ),
    );
}

/** Which of these verbs were reported about which activity in a registration (not voided). */
export function verbsByActivity(db: Database, registration: string, verbs: string[]) {
  return db
    .selectDistinct({ activityIri: xapiStatements.activityIri, verb: xapiStatements.verb })
    .from(xapiStatements)
    .where(
      and(
        eq(xapiStatements.registration, registration),
        inArray(xapiStatements.verb, verbs),
        isNull(xapiStatements.voidsId),
        notVoided,
      ),
    );
}
