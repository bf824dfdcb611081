import { useLocaleState } from 'react-admin';

/** Meetings happen in the Netherlands: dates and times in Amsterdam's, whatever the phone's zone. */
const timeZone = 'Europe/Amsterdam';

/** Dates and times in the language on screen. */
export function useFormats() {
  const [locale = 'nl'] = useLocaleState();
  const tag = locale === 'en' ? 'en-GB' : 'nl-NL';
  const dayFormat = new Intl.DateTimeFormat(tag, { timeZone, day: 'numeric', month: 'long', year: 'numeric' });
  const meetingDay = new Intl.DateTimeFormat(tag, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  const clock = new Intl.DateTimeFormat(tag, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return {
    /** An instant, as its Amsterdam calendar day: "13 november 2018". */
    day: (iso: string) => dayFormat.format(new Date(iso)),
    /** A calendar date (YYYY-MM-DD), which has no time zone: "13 november 2018". */
    date: (date: string) => dayFormat.format(new Date(`${date}T12:00:00Z`)),
    /** A meeting: "di 13 nov 2018, 13:30–15:30". */
    meeting: (startsAt: string, endsAt: string) =>
      `${meetingDay.format(new Date(startsAt))}, ${clock.format(new Date(startsAt))}–${clock.format(new Date(endsAt))}`,
  };
}
