import {
  attendanceOfEnrolments,
  completionRulesOfCohorts,
  type Database,
  type EnrolmentView,
  modulesOfCohorts,
  type ProgressStatus,
  progressOfEnrolments,
  sessionsOfCohorts,
} from '@loket/db';
import { evaluateCompletion, type MissingItem } from './rules';
import type { Enrolment, EnrolmentDetail } from './schema';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toEnrolment(view: EnrolmentView): Enrolment {
  return {
    id: view.id,
    cohortId: view.cohortId,
    cohortName: view.cohortName,
    participantId: view.participantId,
    participant: {
      givenName: view.givenName,
      nameInfix: view.nameInfix,
      familyName: view.familyName,
      email: view.email,
      organisationId: view.participantOrganisationId,
    },
    status: view.status,
    invitedAt: view.invitedAt.toISOString(),
    activatedAt: iso(view.activatedAt),
    completedAt: iso(view.completedAt),
    withdrawnAt: iso(view.withdrawnAt),
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
    version: view.version,
  };
}

const missingOut = (item: MissingItem) =>
  item.kind === 'module'
    ? {
        kind: 'module' as const,
        id: item.moduleId,
        code: item.code,
        title: item.title,
        reason: item.status as 'not_started' | 'in_progress',
      }
    : { kind: 'session' as const, id: item.sessionId, code: null, title: item.title, reason: item.reason };

/**
 * Each enrolment's whole picture: progress, attendance, and what the certificate still needs.
 * `pending`: module statuses (by progress row id) this transaction is about to write, taken instead
 * of the stored ones.
 */
export async function pictures(
  db: Database,
  views: EnrolmentView[],
  pending?: ReadonlyMap<string, ProgressStatus>,
): Promise<EnrolmentDetail[]> {
  const enrolmentIds = views.map((v) => v.id);
  const cohortIds = [...new Set(views.map((v) => v.cohortId))];
  // One after the other: inside a transaction `db` is a single connection, which runs one query at a time.
  const progress = await progressOfEnrolments(db, enrolmentIds);
  const attendance = await attendanceOfEnrolments(db, enrolmentIds);
  const chosen = await modulesOfCohorts(db, cohortIds);
  const sessions = await sessionsOfCohorts(db, cohortIds);
  const rules = await completionRulesOfCohorts(db, cohortIds);
  return views.map((view) => {
    const own = progress
      .filter((p) => p.enrolmentId === view.id)
      .map((p) => ({ ...p, status: pending?.get(p.id) ?? p.status }));
    const ownAttendance = new Map(attendance.filter((a) => a.enrolmentId === view.id).map((a) => [a.sessionId, a]));
    const cohortSessions = sessions.filter((s) => s.cohortId === view.cohortId);
    const rule = rules.find((r) => r.cohortId === view.cohortId)?.rule;
    if (!rule) throw new Error(`cohort ${view.cohortId} has no programme version`);
    const completion = evaluateCompletion({
      rule,
      modules: chosen.filter((m) => m.cohortId === view.cohortId),
      progress: new Map(own.map((p) => [p.moduleId, p.status])),
      sessions: cohortSessions.map((s) => ({
        id: s.id,
        type: s.type,
        title: s.title,
        cancelled: s.status === 'cancelled',
        counts: s.countsForCertificate,
      })),
      attendance: ownAttendance,
    });
    return {
      ...toEnrolment(view),
      progress: own.map((p) => ({
        moduleId: p.moduleId,
        code: p.code,
        title: p.title,
        position: p.position,
        status: p.status,
        startedAt: iso(p.startedAt),
        completedAt: iso(p.completedAt),
        score: p.score === null ? null : Number(p.score),
        estimatedMinutes: p.estimatedMinutes,
        launchUrl: p.launchUrl,
        recordedByHand:
          p.byHandAt && p.byHandReason
            ? { byName: p.byHandName, at: p.byHandAt.toISOString(), reason: p.byHandReason }
            : null,
      })),
      attendance: cohortSessions.map((s) => ({
        sessionId: s.id,
        type: s.type,
        title: s.title,
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
        location: s.locationName,
        onlineUrl: s.onlineUrl,
        cancelled: s.status === 'cancelled',
        countsForCertificate: s.countsForCertificate,
        status: ownAttendance.get(s.id)?.status ?? null,
        excuseWaived: ownAttendance.get(s.id)?.excuseWaived ?? false,
      })),
      completion: { eligible: completion.eligible, missing: completion.missing.map(missingOut) },
    };
  });
}

export async function picture(db: Database, view: EnrolmentView): Promise<EnrolmentDetail> {
  const [detail] = await pictures(db, [view]);
  if (!detail) throw new Error('picture lost its enrolment');
  return detail;
}
