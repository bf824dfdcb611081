import type { components } from '@loket/client';

type Schemas = components['schemas'];
export type RolloutRow = Schemas['RolloutReport']['rows'][number];
export type ProgressRow = Schemas['ProgressReport']['rows'][number];
export type AttendanceRow = Schemas['AttendanceReport']['rows'][number];
export type CertificatesRow = Schemas['CertificatesReport']['rows'][number];
export type EvaluationRow = Schemas['EvaluationReport']['rows'][number];

const sum = <T>(rows: readonly T[], pick: (row: T) => number) => rows.reduce((total, row) => total + pick(row), 0);

/** One decimal, as the API rounds its own percentages. */
export const percentage = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 10;

export interface Headline {
  librariesStarted: number;
  libraries: number;
  enrolled: number;
  withdrawn: number;
  modulesCompleted: number;
  modulesPercentage: number | null;
  meetingsHeld: number;
  meetingsPlanned: number;
  certificatesIssued: number;
  certificatesRevoked: number;
}

/** The cards: totals over the report rows the API returned for the caller's scope. */
export function headline(
  rollout: readonly RolloutRow[],
  progress: readonly ProgressRow[],
  attendance: readonly AttendanceRow[],
  certificates: readonly CertificatesRow[],
): Headline {
  const libraries = new Set(rollout.map((r) => r.libraryId));
  const started = new Set(rollout.filter((r) => r.status !== 'planned').map((r) => r.libraryId));
  const withdrawn = sum(rollout, (r) => r.withdrawn);
  const completed = sum(progress, (r) => r.completed);
  return {
    librariesStarted: started.size,
    libraries: libraries.size,
    enrolled: sum(rollout, (r) => r.enrolled) - withdrawn,
    withdrawn,
    modulesCompleted: completed,
    modulesPercentage: percentage(
      completed,
      sum(progress, (r) => r.progressRecords),
    ),
    meetingsHeld: sum(attendance, (r) => r.held),
    meetingsPlanned: sum(attendance, (r) => r.sessions),
    certificatesIssued: sum(certificates, (r) => r.issued),
    certificatesRevoked: sum(certificates, (r) => r.revoked),
  };
}

export interface PoiRow {
  poi: string;
  librariesStarted: number;
  enrolled: number;
  modulesCompleted: number;
  meetingsHeld: number;
  certificates: number;
}

/** Per POI: the rollout and attendance rows (per cohort) folded up, with the progress report's per-POI rows. */
export function perPoi(
  rollout: readonly RolloutRow[],
  progressByPoi: readonly ProgressRow[],
  attendance: readonly AttendanceRow[],
): PoiRow[] {
  const poiOfCohort = new Map(rollout.map((r) => [r.cohortId, r.poiName]));
  const names = [...new Set(rollout.map((r) => r.poiName))].sort((a, b) => a.localeCompare(b, 'nl'));
  return names.map((poi) => {
    const cohorts = rollout.filter((r) => r.poiName === poi);
    return {
      poi,
      librariesStarted: new Set(cohorts.filter((r) => r.status !== 'planned').map((r) => r.libraryId)).size,
      enrolled: sum(cohorts, (r) => r.enrolled - r.withdrawn),
      modulesCompleted: sum(
        progressByPoi.filter((r) => r.label === poi),
        (r) => r.completed,
      ),
      meetingsHeld: sum(
        attendance.filter((r) => poiOfCohort.get(r.cohortId) === poi),
        (r) => r.held,
      ),
      certificates: sum(cohorts, (r) => r.certificates),
    };
  });
}

export interface Attendance {
  present: number;
  absent: number;
  excused: number;
}

/** Attendance summed per kind of meeting (kick-off, team meeting), in the order they come. */
export function attendanceByType(rows: readonly AttendanceRow[]): Array<Attendance & { type: string }> {
  const types = [...new Set(rows.map((r) => r.sessionType))];
  return types.map((type) => {
    const of = rows.filter((r) => r.sessionType === type);
    return {
      type,
      present: sum(of, (r) => r.present),
      absent: sum(of, (r) => r.absent),
      excused: sum(of, (r) => r.excused),
    };
  });
}

export interface PilotLibrary {
  id: string;
  name: string;
  enrolled: number;
  modulesPercentage: number | null;
  attendanceRate: number | null;
  certificates: number;
  evaluation: Record<string, number | null>;
}

/** The pilot libraries side by side: rollout, progress per library, attendance and evaluations of phase pilot. */
export function pilotLibraries(
  rollout: readonly RolloutRow[],
  progressByLibrary: readonly ProgressRow[],
  attendance: readonly AttendanceRow[],
  evaluations: readonly EvaluationRow[],
): PilotLibrary[] {
  const ids = [...new Set(rollout.map((r) => r.libraryId))];
  return ids
    .map((id) => {
      const cohorts = rollout.filter((r) => r.libraryId === id);
      const cohortIds = new Set(cohorts.map((r) => r.cohortId));
      const present = attendance.filter((r) => cohortIds.has(r.cohortId));
      const recorded = sum(present, (r) => r.present + r.absent + r.excused);
      const progress = progressByLibrary.find((r) => r.key === id);
      const evaluation = Object.fromEntries(
        evaluations.filter((r) => r.group.key === id).map((r) => [r.subjectType, r.averageRating]),
      );
      return {
        id,
        name: cohorts[0]?.libraryName ?? '',
        enrolled: sum(cohorts, (r) => r.enrolled - r.withdrawn),
        modulesPercentage: progress ? progress.completedPercentage : null,
        attendanceRate: percentage(
          sum(present, (r) => r.present),
          recorded,
        ),
        certificates: sum(cohorts, (r) => r.certificates),
        evaluation,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}

/** The report endpoints answer JSON or CSV; the screens ask for JSON. */
export function json<T extends object>(body: T | string): T {
  if (typeof body === 'string') throw new Error('Het rapport kwam niet als JSON.');
  return body;
}
