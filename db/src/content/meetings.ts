import type { MeetingPlanItem } from '../schema/programmes';

/** Adds whole weeks to a YYYY-MM-DD date. */
export function addWeeks(date: string, weeks: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + weeks * 7);
  return d.toISOString().slice(0, 10);
}

/** The UTC instant of a wall-clock time in Amsterdam on a given date (summer and winter time). */
export function amsterdamTime(date: string, time: string): Date {
  const guess = new Date(`${date}T${time}:00Z`);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(guess);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value);
  const offsetMinutes = hour * 60 + minute - (guess.getUTCHours() * 60 + guess.getUTCMinutes());
  return new Date(guess.getTime() - offsetMinutes * 60_000);
}

/**
 * Drafts a cohort's meetings from the programme's meeting plan: at 13:30 in Amsterdam on the week
 * the plan gives, never after the cohort ends.
 */
export function draftMeetings(plan: MeetingPlanItem[], startsOn: string, endsOn: string) {
  const midnight = (date: string) => Date.parse(`${date}T00:00:00Z`);
  return plan.map((meeting) => {
    const planned = addWeeks(startsOn, meeting.weekOffset);
    // Compared as moments, not as text: past 9999 toISOString writes "+010000-…", which sorts first.
    const late = midnight(startsOn) + meeting.weekOffset * 7 * 86_400_000 > midnight(endsOn);
    const day = late ? endsOn : planned;
    const startsAt = amsterdamTime(day, '13:30');
    return {
      type: meeting.type,
      sequence: meeting.sequence,
      title: meeting.title,
      agenda: meeting.agenda,
      startsAt,
      endsAt: new Date(startsAt.getTime() + meeting.durationMinutes * 60_000),
    };
  });
}
