import { and, asc, eq, isNull, notExists, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../connect';
import { type Cmi5SessionStatus, cmi5AssignableUnits, cmi5Sessions } from '../schema/cmi5';
import { enrolments, moduleProgress } from '../schema/enrolments';
import { organisations } from '../schema/organisations';
import { participants } from '../schema/participants';
import { modules, programmes, programmeVersions } from '../schema/programmes';
import { xapiStatements } from '../schema/xapi';
import { moduleLaunchUrl } from './programmes';
import { enrolmentInScope, type Scope } from './scope';

export type Cmi5SessionRow = typeof cmi5Sessions.$inferSelect;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A module the enrolment follows, by its code or id, with its progress. */
export async function findEnrolmentModule(db: Database, enrolmentId: string, moduleRef: string) {
  const [row] = await db
    .select({
      moduleId: modules.id,
      code: modules.code,
      title: modules.title,
      activityIri: modules.activityIri,
      launchUrl: moduleLaunchUrl,
      progressStatus: moduleProgress.status,
      unit: {
        publisherId: cmi5AssignableUnits.publisherId,
        launchMethod: cmi5AssignableUnits.launchMethod,
        launchParameters: cmi5AssignableUnits.launchParameters,
        masteryScore: cmi5AssignableUnits.masteryScore,
        entitlementKey: cmi5AssignableUnits.entitlementKey,
      },
    })
    .from(moduleProgress)
    .innerJoin(modules, eq(modules.id, moduleProgress.moduleId))
    .leftJoin(cmi5AssignableUnits, eq(cmi5AssignableUnits.id, modules.assignableUnitId))
    .where(
      and(
        eq(moduleProgress.enrolmentId, enrolmentId),
        uuidPattern.test(moduleRef)
          ? or(eq(modules.id, moduleRef.toLowerCase()), eq(modules.code, moduleRef))
          : eq(modules.code, moduleRef),
      ),
    );
  return row;
}

export async function insertCmi5Session(db: Database, values: typeof cmi5Sessions.$inferInsert) {
  const [row] = await db.insert(cmi5Sessions).values(values).returning();
  if (!row) throw new Error('session insert returned nothing');
  return row;
}

/**
 * Uses a fetch URL: hands its session the auth token's hash, once. Undefined when the URL was used
 * already, its session ended, or it names none (then `known` tells which).
 */
export async function claimCmi5Fetch(db: Database, fetchKeyHash: string, authTokenHash: string) {
  const [claimed] = await db
    .update(cmi5Sessions)
    .set({ fetchedAt: sql`now()`, authTokenHash })
    .where(
      and(
        eq(cmi5Sessions.fetchKeyHash, fetchKeyHash),
        isNull(cmi5Sessions.fetchedAt),
        eq(cmi5Sessions.status, 'launched'),
      ),
    )
    .returning();
  if (claimed) return { claimed, known: true };
  const [known] = await db
    .select({ id: cmi5Sessions.id })
    .from(cmi5Sessions)
    .where(eq(cmi5Sessions.fetchKeyHash, fetchKeyHash));
  return { claimed: undefined, known: known !== undefined };
}

/** What checking an auth token needs: the session, whether it still runs, and its token's hash. */
export async function findCmi5SessionForAuth(db: Database, id: string) {
  const [row] = await db
    .select({
      id: cmi5Sessions.id,
      participantId: cmi5Sessions.participantId,
      registrationId: cmi5Sessions.registrationId,
      status: cmi5Sessions.status,
      authTokenHash: cmi5Sessions.authTokenHash,
    })
    .from(cmi5Sessions)
    .where(eq(cmi5Sessions.id, id));
  return row;
}

/** A module's session: the enrolment, module and participant are always there. */
export interface Cmi5SessionView extends Cmi5SessionRow {
  enrolmentId: string;
  moduleId: string;
  participantId: string;
  activityIri: string;
  moduleCode: string;
  organisationPath: string;
}

/** A session the caller may see (by its enrolment), locked for a change when asked. */
export async function findCmi5Session(
  db: Database,
  scope: Scope,
  id: string,
  lock = false,
): Promise<Cmi5SessionView | undefined> {
  const query = db
    .select({
      session: cmi5Sessions,
      enrolmentId: enrolments.id,
      moduleId: modules.id,
      participantId: participants.id,
      activityIri: modules.activityIri,
      moduleCode: modules.code,
      organisationPath: organisations.path,
    })
    .from(cmi5Sessions)
    .innerJoin(enrolments, eq(enrolments.id, cmi5Sessions.enrolmentId))
    .innerJoin(modules, eq(modules.id, cmi5Sessions.moduleId))
    .innerJoin(participants, eq(participants.id, cmi5Sessions.participantId))
    .innerJoin(organisations, eq(organisations.id, participants.organisationId))
    .where(and(eq(cmi5Sessions.id, id), enrolmentInScope(scope, enrolments.participantId, enrolments.cohortId)));
  const [row] = lock ? await query.for('update', { of: cmi5Sessions }) : await query;
  return row
    ? {
        ...row.session,
        enrolmentId: row.enrolmentId,
        moduleId: row.moduleId,
        participantId: row.participantId,
        activityIri: row.activityIri,
        moduleCode: row.moduleCode,
        organisationPath: row.organisationPath,
      }
    : undefined;
}

/** Ends a running session; undefined when it had ended already. */
export async function endCmi5Session(db: Database, id: string, status: Exclude<Cmi5SessionStatus, 'launched'>) {
  const [row] = await db
    .update(cmi5Sessions)
    .set({ status, endedAt: sql`now()` })
    .where(and(eq(cmi5Sessions.id, id), eq(cmi5Sessions.status, 'launched')))
    .returning();
  return row;
}

/** A programme version with its modules in order: what its cmi5 course structure is made of. */
export async function findCourseSource(db: Database, programmeId: string, versionId: string) {
  const [version] = await db
    .select({
      code: programmes.code,
      name: programmes.name,
      number: programmeVersions.number,
      summary: programmeVersions.summary,
    })
    .from(programmeVersions)
    .innerJoin(programmes, eq(programmes.id, programmeVersions.programmeId))
    .where(and(eq(programmeVersions.id, versionId), eq(programmeVersions.programmeId, programmeId)));
  if (!version) return undefined;
  const units = await db
    .select({
      code: modules.code,
      title: modules.title,
      summary: modules.summary,
      activityIri: modules.activityIri,
      launchUrl: modules.launchUrl,
    })
    .from(modules)
    .where(eq(modules.programmeVersionId, versionId))
    .orderBy(asc(modules.position));
  return { ...version, modules: units };
}

/** The verbs a participant's statements (not voided) used about an activity in a registration. */
export async function reportedVerbs(
  db: Database,
  participantId: string,
  activityIri: string,
  registration: string,
): Promise<Set<string>> {
  const voiding = alias(xapiStatements, 'voiding');
  const rows = await db
    .selectDistinct({ verb: xapiStatements.verb })
    .from(xapiStatements)
    .where(
      and(
        eq(xapiStatements.participantId, participantId),
        eq(xapiStatements.activityIri, activityIri),
        eq(xapiStatements.registration, registration),
        notExists(db.select({ id: voiding.id }).from(voiding).where(eq(voiding.voidsId, xapiStatements.id))),
      ),
    );
  return new Set(rows.map((row) => row.verb));
}
