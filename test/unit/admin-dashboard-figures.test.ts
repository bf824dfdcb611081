import { describe, expect, it } from 'vitest';
import { batchProgress, endOfDay, startOfDay } from '../../admin/src/certificates/progress';
import {
  type AttendanceRow,
  attendanceByType,
  headline,
  type ProgressRow,
  perPoi,
  pilotLibraries,
  type RolloutRow,
} from '../../admin/src/dashboard/figures';

const cohort = (over: Partial<RolloutRow>): RolloutRow => ({
  libraryId: 'lib-a',
  libraryName: 'Bibliotheek A',
  poiName: 'Cubiss',
  cohortId: 'c-a',
  cohortName: 'Groep A',
  phase: 'pilot',
  status: 'running',
  startsOn: '2018-11-05',
  endsOn: '2019-02-05',
  enrolled: 10,
  active: 8,
  completed: 1,
  withdrawn: 1,
  certificates: 2,
  ...over,
});

const meetings = (over: Partial<AttendanceRow>): AttendanceRow => ({
  cohortId: 'c-a',
  cohortName: 'Groep A',
  libraryName: 'Bibliotheek A',
  sessionType: 'kickoff',
  sessions: 1,
  held: 1,
  present: 8,
  absent: 1,
  excused: 1,
  attendanceRate: 80,
  ...over,
});

const progress = (over: Partial<ProgressRow>): ProgressRow => ({
  key: 'boekstart',
  label: 'BoekStart',
  enrolments: 9,
  progressRecords: 9,
  notStarted: 3,
  inProgress: 2,
  completed: 4,
  completedPercentage: 44.4,
  ...over,
});

const rollout = [
  cohort({}),
  cohort({
    cohortId: 'c-b',
    libraryId: 'lib-b',
    libraryName: 'Bibliotheek B',
    poiName: 'ProBiblio',
    status: 'planned',
    enrolled: 5,
    withdrawn: 0,
    certificates: 0,
  }),
];
const attendance = [
  meetings({}),
  meetings({ sessionType: 'team_meeting', sessions: 2, held: 1, present: 7, absent: 0, excused: 2 }),
  meetings({ cohortId: 'c-b', sessions: 1, held: 0, present: 0, absent: 0, excused: 0 }),
];

describe('the dashboard figures', () => {
  it('count started libraries, enrolled without the withdrawn, held meetings and certificates', () => {
    expect(
      headline(rollout, [progress({}), progress({ key: 'x', completed: 1, progressRecords: 6 })], attendance, [
        { month: '2026-10', issued: 3, revoked: 1 },
        { month: '2026-11', issued: 2, revoked: 0 },
      ]),
    ).toEqual({
      librariesStarted: 1,
      libraries: 2,
      enrolled: 14,
      withdrawn: 1,
      modulesCompleted: 5,
      modulesPercentage: 33.3,
      meetingsHeld: 2,
      meetingsPlanned: 4,
      certificatesIssued: 5,
      certificatesRevoked: 1,
    });
  });

  it('fold cohorts up per POI, in Dutch alphabetical order', () => {
    const byPoi = [progress({ key: 'p1', label: 'Cubiss', completed: 12 })];
    expect(perPoi(rollout, byPoi, attendance)).toEqual([
      { poi: 'Cubiss', librariesStarted: 1, enrolled: 9, modulesCompleted: 12, meetingsHeld: 2, certificates: 2 },
      { poi: 'ProBiblio', librariesStarted: 0, enrolled: 5, modulesCompleted: 0, meetingsHeld: 0, certificates: 0 },
    ]);
  });

  it('sum attendance per kind of meeting', () => {
    expect(attendanceByType(attendance)).toEqual([
      { type: 'kickoff', present: 8, absent: 1, excused: 1 },
      { type: 'team_meeting', present: 7, absent: 0, excused: 2 },
    ]);
  });

  it('put the pilot libraries side by side, with no figure where nothing was recorded', () => {
    const [a, b] = pilotLibraries(rollout, [progress({ key: 'lib-a', completedPercentage: 44.4 })], attendance, [
      {
        group: { key: 'lib-a', label: 'Bibliotheek A' },
        subjectType: 'module',
        responses: 2,
        averageRating: 4.5,
        distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 1 },
        questions: [],
      },
    ]);
    expect(a).toEqual({
      id: 'lib-a',
      name: 'Bibliotheek A',
      enrolled: 9,
      modulesPercentage: 44.4,
      attendanceRate: 78.9,
      certificates: 2,
      evaluation: { module: 4.5 },
    });
    expect(b).toMatchObject({ name: 'Bibliotheek B', modulesPercentage: null, attendanceRate: null, evaluation: {} });
  });
});

describe('the bulk issue progress', () => {
  it('runs to 100 only when the job is done', () => {
    expect(batchProgress({ status: 'queued', total: 0, done: 0, failed: 0 }).percent).toBe(0);
    expect(batchProgress({ status: 'running', total: 17, done: 17, failed: 0 }).percent).toBe(99);
    expect(batchProgress({ status: 'running', total: 20, done: 5, failed: 5 })).toMatchObject({
      processed: 10,
      percent: 50,
      issued: 5,
      skipped: 5,
      finished: false,
    });
    expect(batchProgress({ status: 'completed', total: 0, done: 0, failed: 0 })).toMatchObject({
      percent: 100,
      finished: true,
    });
  });

  it('turns the date filters into the first and last instant of the day', () => {
    expect(startOfDay('2026-11-01')).toBe('2026-11-01T00:00:00.000Z');
    expect(endOfDay('2026-11-30')).toBe('2026-11-30T23:59:59.999Z');
    expect(startOfDay('')).toBeUndefined();
  });
});
