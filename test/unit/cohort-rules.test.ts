import { addWeeks, amsterdamTime, draftMeetings } from '@loket/db';
import { describe, expect, it } from 'vitest';
import { acceptsOf, cohortAccepts, nextStatuses, transitionProblem } from '../../api/src/resources/cohorts/rules';

describe('cohort status transitions', () => {
  it('move forward one step at a time', () => {
    expect(transitionProblem('planned', 'running')).toBeNull();
    expect(transitionProblem('running', 'evaluating')).toBeNull();
    expect(transitionProblem('evaluating', 'closed')).toBeNull();
    expect(transitionProblem('planned', 'closed')).toMatch(/only move to running/);
    expect(transitionProblem('running', 'planned')).toMatch(/only move to evaluating/);
    expect(transitionProblem('closed', 'running')).toMatch(/closed cohort/);
  });

  it('decide what a cohort still accepts', () => {
    expect(cohortAccepts.enrolments('running')).toBe(true);
    expect(cohortAccepts.enrolments('closed')).toBe(false);
    expect(cohortAccepts.meetings('closed')).toBe(false);
    expect(cohortAccepts.moduleChanges('running')).toBe(false);
  });

  it('name the next statuses the admin may offer, none once closed', () => {
    expect(nextStatuses('planned')).toEqual(['running']);
    expect(nextStatuses('evaluating')).toEqual(['closed']);
    expect(nextStatuses('closed')).toEqual([]);
  });

  it('accept progress only while the cohort runs or is evaluated', () => {
    expect(acceptsOf('planned')).toEqual({
      enrolments: true,
      moduleChanges: true,
      meetings: true,
      progress: false,
      attendance: false,
    });
    expect(acceptsOf('evaluating')).toMatchObject({ progress: true, enrolments: false });
    expect(acceptsOf('closed')).toEqual({
      enrolments: false,
      moduleChanges: false,
      meetings: false,
      progress: false,
      attendance: false,
    });
  });
});

describe('meeting drafts', () => {
  it('turn Amsterdam wall-clock time into UTC in winter and summer', () => {
    expect(amsterdamTime('2018-11-05', '13:30').toISOString()).toBe('2018-11-05T12:30:00.000Z');
    expect(amsterdamTime('2019-06-03', '13:30').toISOString()).toBe('2019-06-03T11:30:00.000Z');
  });

  it('follow the plan\u2019s weeks and never fall after the cohort ends', () => {
    expect(addWeeks('2018-11-05', 5)).toBe('2018-12-10');
    const plan = [
      { type: 'kickoff' as const, sequence: 1, title: 'Kick-off', weekOffset: 0, durationMinutes: 120, agenda: ['a'] },
      {
        type: 'team_meeting' as const,
        sequence: 2,
        title: 'Team 1',
        weekOffset: 5,
        durationMinutes: 90,
        agenda: ['b'],
      },
      {
        type: 'team_meeting' as const,
        sequence: 3,
        title: 'Team 2',
        weekOffset: 20,
        durationMinutes: 90,
        agenda: ['c'],
      },
    ];
    const drafts = draftMeetings(plan, '2018-11-05', '2019-02-05');
    expect(drafts.map((d) => d.startsAt.toISOString())).toEqual([
      '2018-11-05T12:30:00.000Z',
      '2018-12-10T12:30:00.000Z',
      '2019-02-05T12:30:00.000Z',
    ]);
    expect(drafts[1]?.endsAt.getTime()).toBe((drafts[1]?.startsAt.getTime() ?? 0) + 90 * 60_000);
  });

  it('stay within the cohort when it ends in the last days of 9999', () => {
    const plan = [0, 2, 6, 12].map((weekOffset, i) => ({
      type: i === 0 ? ('kickoff' as const) : ('team_meeting' as const),
      sequence: i + 1,
      title: `Bijeenkomst ${i + 1}`,
      weekOffset,
      durationMinutes: 120,
      agenda: ['a'],
    }));
    expect(draftMeetings(plan, '9999-12-01', '9999-12-31').map((d) => d.startsAt.toISOString())).toEqual([
      '9999-12-01T12:30:00.000Z',
      '9999-12-15T12:30:00.000Z',
      '9999-12-31T12:30:00.000Z',
      '9999-12-31T12:30:00.000Z',
    ]);
  });
});
