import { asc, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { agentKey, mboxSha1sumOf } from '../agents';
import type { Database } from '../connect';
import type { LoadedProgramme } from '../content/load';
import { draftMeetings } from '../content/meetings';
import { syncContent } from '../content/sync';
import { type CohortStatus, cohortModules, cohorts } from '../schema/cohorts';
import { enrolments, moduleProgress } from '../schema/enrolments';
import { evaluations } from '../schema/evaluations';
import { participants } from '../schema/participants';
import { type MeetingPlanItem, modules } from '../schema/programmes';
import { attendance, sessions } from '../schema/sessions';
import { xapiStatements } from '../schema/xapi';
import { insertInBatches } from './batch';
import type { Random } from './random';

export type ParticipantInsert = typeof participants.$inferInsert & { id: string };
export type CohortInsert = typeof cohorts.$inferInsert & { id: string; status: CohortStatus };
export type SessionInsert = typeof sessions.$inferInsert & { id: string; startsAt: Date; endsAt: Date };
export type EnrolmentInsert = typeof enrolments.$inferInsert & { id: string };
export type ProgressInsert = typeof moduleProgress.$inferInsert;
export type AttendanceInsert = typeof attendance.$inferInsert;
export type XapiStatementInsert = typeof xapiStatements.$inferInsert;
export type EvaluationInsert = typeof evaluations.$inferInsert;

/** Everything a seed creates below the organisations, collected first and inserted in batches. */
export interface LearningRows {
  participants: ParticipantInsert[];
  cohorts: CohortInsert[];
  cohortModules: Array<typeof cohortModules.$inferInsert>;
  sessions: SessionInsert[];
  enrolments: EnrolmentInsert[];
  progress: ProgressInsert[];
  attendance: AttendanceInsert[];
  xapiStatements: XapiStatementInsert[];
  evaluations: EvaluationInsert[];
}

export function emptyLearningRows(): LearningRows {
  return {
    participants: [],
    cohorts: [],
    cohortModules: [],
    sessions: [],
    enrolments: [],
    progress: [],
    attendance: [],
    xapiStatements: [],
    evaluations: [],
  };
}

export async function insertLearningRows(db: Database, rows: LearningRows) {
  await insertInBatches(
    db,
    participants,
    rows.participants.map((person) => ({ ...person, mboxSha1sum: mboxSha1sumOf(person.email) })),
  );
  await insertInBatches(db, cohorts, rows.cohorts);
  await insertInBatches(db, cohortModules, rows.cohortModules);
  await insertInBatches(db, sessions, rows.sessions);
  await insertInBatches(db, enrolments, rows.enrolments);
  await insertInBatches(db, moduleProgress, rows.progress);
  await insertInBatches(db, attendance, rows.attendance);
  await insertInBatches(db, xapiStatements, rows.xapiStatements);
  await insertInBatches(db, evaluations, rows.evaluations);
}

/**
 * Stores the content as a programme version, as Loket does at start (published at `now` when it is the
 * programme's first); its modules in programme order.
 */
export async function storeProgramme(db: Database, content: LoadedProgramme, now: Date = new Date()) {
  const sync = await syncContent(db, content, now);
  const rows = await db
    .select({ id: modules.id, code: modules.code, activityIri: modules.activityIri })
    .from(modules)
    .where(eq(modules.programmeVersionId, sync.programmeVersionId))
    .orderBy(asc(modules.position));
  return {
    programmeId: sync.programmeId,
    versionId: sync.programmeVersionId,
    evaluationQuestions: content.evaluationQuestions,
    meetingPlan: content.meetingPlan,
    moduleIds: rows.map((m) => m.id),
    moduleCodes: new Map(rows.map((m) => [m.id, m.code])),
    activityIris: new Map(rows.map((m) => [m.id, m.activityIri])),
  };
}
export type StoredProgramme = Awaited<ReturnType<typeof storeProgramme>>;

const hour = 3_600_000;

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The same day `months` later, or the month's last day when it is shorter (30 November + 3 = 29 February). */
export function addMonths(date: string, months: number): string {
  const [year = 0, month = 1, dayOfMonth = 1] = date.split('-').map(Number);
  const lastDay = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1 + months, Math.min(dayOfMonth, lastDay))).toISOString().slice(0, 10);
}

/** Where a cohort stands on a given day; evaluation takes the six weeks after its last day. */
export function cohortStatusOn(startsOn: string, endsOn: string, asOf: Date): CohortStatus {
  const today = asOf.toISOString().slice(0, 10);
  if (today < startsOn) return 'planned';
  if (today <= endsOn) return 'running';
  return today <= addDays(endsOn, 42) ? 'evaluating' : 'closed';
}

/** The kick-off and team meetings of the programme's meeting plan, held at the library. */
export function cohortSessions(
  meetingPlan: MeetingPlanItem[],
  cohort: Pick<CohortInsert, 'id' | 'organisationId' | 'startsOn' | 'endsOn'>,
): SessionInsert[] {
  return draftMeetings(meetingPlan, cohort.startsOn, cohort.endsOn).map((meeting) => ({
    ...meeting,
    id: uuidv7(),
    cohortId: cohort.id,
    locationOrganisationId: cohort.organisationId,
  }));
}

/**
 * One progress row per chosen module: the first `completed` modules done one after another between
 * `from` and `until`, the next one started when `inProgress`, the rest not started.
 */
export function progressRows(
  random: Random,
  enrolmentId: string,
  moduleIds: string[],
  window: { from: Date; until: Date },
  plan: { completed: number; inProgress: boolean },
): ProgressInsert[] {
  const slot = (window.until.getTime() - window.from.getTime()) / (plan.completed + 1);
  const momentIn = (index: number) => new Date(window.from.getTime() + slot * (index + random.next()));
  return moduleIds.map((moduleId, index) => {
    if (index < plan.completed) {
      const completedAt = momentIn(index);
      const startedAt = new Date(Math.max(window.from.getTime(), completedAt.getTime() - random.int(1, 72) * hour));
      const score = (0.6 + random.next() * 0.4).toFixed(4);
      return { enrolmentId, moduleId, status: 'completed', startedAt, completedAt, score };
    }
    if (index === plan.completed && plan.inProgress) {
      return { enrolmentId, moduleId, status: 'in_progress', startedAt: momentIn(index) };
    }
    return { enrolmentId, moduleId };
  });
}

const adlVerbs = 'http://adlnet.gov/expapi/verbs/';

/**
 * The xAPI statements a player would have sent for a person's progress: initialized when a module
 * was started, now and then progressed along the way, completed (with the score) when it was done;
 * none after `asOf`.
 */
export function xapiRows(
  random: Random,
  learner: { participantId: string; email: string },
  progress: ProgressInsert[],
  activityIris: Map<string, string>,
  asOf: Date = new Date(8.64e15),
): XapiStatementInsert[] {
  return progress.flatMap((row) => {
    const activityIri = activityIris.get(row.moduleId);
    if (!row.startedAt || !activityIri) return [];
    const start = row.startedAt.getTime();
    const end = row.completedAt?.getTime() ?? Math.min(start + random.int(1, 48) * hour, asOf.getTime());
    const steps: Array<{ verb: string; at: number; score?: number }> = [{ verb: 'initialized', at: start }];
    if (random.chance(0.25)) steps.push({ verb: 'progressed', at: (start + end) / 2 });
    if (row.completedAt) steps.push({ verb: 'completed', at: end, score: Number(row.score ?? 1) });
    return steps.map((step) => {
      const id = uuidv7();
      const timestamp = new Date(Math.round(step.at));
      const actor = { objectType: 'Agent', mbox: `mailto:${learner.email}` };
      const statement = {
        id,
        actor,
        verb: { id: `${adlVerbs}${step.verb}` },
        object: { objectType: 'Activity', id: activityIri },
        ...(step.score === undefined ? {} : { result: { completion: true, score: { scaled: step.score } } }),
        timestamp: timestamp.toISOString(),
        stored: timestamp.toISOString(),
        version: '1.0.0',
      };
      const actorKey = agentKey(actor) ?? '';
      return {
        id,
        participantId: learner.participantId,
        actorKey,
        verb: statement.verb.id,
        activityIri,
        relatedAgentKeys: [actorKey],
        relatedActivityIris: [activityIri],
        storedBy: 'system',
        statement,
        timestamp,
        storedAt: timestamp,
      };
    });
  });
}

/** Attendance at the meetings held before `asOf`: mostly present, otherwise excused more often than absent. */
export function attendanceRows(
  random: Random,
  enrolmentId: string,
  meetings: SessionInsert[],
  asOf: Date,
  presentChance: number,
): AttendanceInsert[] {
  return meetings
    .filter((meeting) => meeting.startsAt < asOf)
    .map((meeting) => ({
      sessionId: meeting.id,
      enrolmentId,
      status: random.chance(presentChance) ? 'present' : random.chance(0.6) ? 'excused' : 'absent',
      recordedAt: meeting.endsAt,
    }));
}

/** Invitations go out two weeks before the start; people become active at the kick-off. */
export function enrolmentDates(startsOn: string, kickoff: SessionInsert | undefined) {
  return {
    invitedAt: new Date(`${addDays(startsOn, -14)}T09:00:00Z`),
    activatedAt: kickoff?.startsAt ?? new Date(`${startsOn}T12:00:00Z`),
  };
}
