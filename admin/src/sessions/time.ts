import { TZDate } from '@date-fns/tz';

/** Meetings happen in the Netherlands: every date and time on screen is Europe/Amsterdam's. */
export const timeZone = 'Europe/Amsterdam';

const pad = (n: number) => String(n).padStart(2, '0');
/** TZDate writes its own offset in toISOString; the API's timestamps are in UTC ("…Z"). */
const utcIso = (date: TZDate) => new Date(date.getTime()).toISOString();

/** "2026-11-05T13:30" on an Amsterdam clock → the instant, as an ISO timestamp. */
export function amsterdamToIso(local: string): string {
  const match = local.match(/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/);
  if (!match) throw new RangeError(`Not a local date and time: ${local}`);
  const [, y, mo, d, h = '00', mi = '00'] = match;
  return utcIso(new TZDate(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), timeZone));
}

/** An instant → "2026-11-05T13:30" on an Amsterdam clock. */
export function isoToAmsterdam(iso: string): string {
  const a = new TZDate(iso, timeZone);
  return `${a.getFullYear()}-${pad(a.getMonth() + 1)}-${pad(a.getDate())}T${pad(a.getHours())}:${pad(a.getMinutes())}`;
}

/**
 * The date pickers work on the browser's own clock. They get a date whose browser-local fields are the
 * Amsterdam wall-clock time of the instant, so they show Amsterdam time in any time zone …
 */
export function toWallClock(iso: string): Date {
  const a = new TZDate(iso, timeZone);
  return new Date(a.getFullYear(), a.getMonth(), a.getDate(), a.getHours(), a.getMinutes());
}

/** … and what the user picks is read back as Amsterdam time. */
export function fromWallClock(picked: Date): string {
  return utcIso(
    new TZDate(
      picked.getFullYear(),
      picked.getMonth(),
      picked.getDate(),
      picked.getHours(),
      picked.getMinutes(),
      timeZone,
    ),
  );
}

/** The Amsterdam calendar day of an instant, "2026-11-05". */
export function amsterdamDay(iso: string): string {
  return isoToAmsterdam(iso).slice(0, 10);
}

/** A day as "YYYY-MM-DD", computed in UTC so the browser's own time zone plays no part. */
function dayKey(utcMillis: number): string {
  const date = new Date(utcMillis);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

export interface CalendarDay {
  day: string;
  inMonth: boolean;
}

/** The weeks (Monday first, as in the Netherlands) that show a month; month is 1-12. */
export function monthGrid(year: number, month: number): CalendarDay[][] {
  const first = Date.UTC(year, month - 1, 1);
  const mondayOffset = (new Date(first).getUTCDay() + 6) % 7;
  const start = first - mondayOffset * 86_400_000;
  const weeks: CalendarDay[][] = [];
  for (let cursor = start; ; ) {
    const week: CalendarDay[] = [];
    for (let i = 0; i < 7; i += 1, cursor += 86_400_000) {
      week.push({ day: dayKey(cursor), inMonth: new Date(cursor).getUTCMonth() === month - 1 });
    }
    weeks.push(week);
    if (new Date(cursor).getUTCMonth() !== month - 1 || new Date(cursor).getUTCFullYear() !== year) break;
  }
  return weeks;
}

/** The period a grid shows, as the API's from (inclusive) and to (exclusive) timestamps. */
export function gridPeriod(weeks: CalendarDay[][]): { from: string; to: string } {
  const firstDay = weeks[0]?.[0]?.day ?? '';
  const lastDay = weeks.at(-1)?.at(-1)?.day ?? '';
  const after = dayKey(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000);
  return { from: amsterdamToIso(firstDay), to: amsterdamToIso(after) };
}

/** Dutch names for the grid's header and title, from Intl rather than a hand-written list. */
export function weekdayNames(locale: string): string[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

export function monthTitle(locale: string, year: number, month: number): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
}

export const timeFormat = (locale: string) =>
  new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' });

/** Options for react-admin's DateField: the meeting's moment in Amsterdam, in words. */
export const meetingMoment: Intl.DateTimeFormatOptions = {
  timeZone,
  weekday: 'short',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
};
