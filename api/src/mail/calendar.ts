import { TZDate } from '@date-fns/tz';
import type { CalendarMeeting } from '@loket/db';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  type ICalCalendar,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import addressparser from 'nodemailer/lib/addressparser';

/** Meetings happen in the Netherlands: times are written in Amsterdam time, with its VTIMEZONE. */
export const meetingTimeZone = 'Europe/Amsterdam';

export interface CalendarContext {
  publicUrl: string;
  /** Who sends the invitations (the mail sender): the ORGANIZER iTIP requires. */
  organizer: { name: string; email: string };
}

/** One UID per meeting, for ever: every update and the cancellation name the same event. */
export const meetingUid = (meetingId: string, publicUrl: string) => `${meetingId}@${new URL(publicUrl).hostname}`;

const inAmsterdam = (moment: Date) => new TZDate(moment.getTime(), meetingTimeZone);

/** Where a meeting is, as a calendar shows it. */
export function meetingPlace(meeting: CalendarMeeting): string {
  if (meeting.onlineUrl) return `Online: ${meeting.onlineUrl}`;
  const name = meeting.locationName ?? meeting.libraryName;
  return meeting.locationCity && !name.includes(meeting.locationCity) ? `${name}, ${meeting.locationCity}` : name;
}

export const facilitatorNames = (meeting: CalendarMeeting) =>
  meeting.facilitators.length > 0 ? meeting.facilitators.map((f) => f.name).join(', ') : 'nog niet bekend';

function describe(meeting: CalendarMeeting): string {
  const lines = [`Leertraject Frontoffice en basisvaardigheden, groep ${meeting.cohortName}.`];
  lines.push(`Begeleiding: ${facilitatorNames(meeting)}.`);
  if (meeting.agenda.length > 0) lines.push('', 'Agenda:', ...meeting.agenda.map((item) => `- ${item}`));
  return lines.join('\n');
}

function newCalendar(method: ICalCalendarMethod, name?: string): ICalCalendar {
  const calendar = ical({
    prodId: { company: 'Koninklijke Bibliotheek', product: 'Loket', language: 'NL' },
    method,
    ...(name ? { name } : {}),
  });
  // No calendar-wide zone: DTSTAMP then stays in UTC as RFC 5545 wants, and the events' zone
  // still brings its VTIMEZONE.
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  return calendar;
}

function addEvent(
  calendar: ICalCalendar,
  meeting: CalendarMeeting,
  context: CalendarContext,
  attendee: { name: string; email: string } | null,
  cancelled: boolean,
) {
  calendar.createEvent({
    id: meetingUid(meeting.id, context.publicUrl),
    sequence: meeting.version,
    stamp: new Date(),
    start: inAmsterdam(meeting.startsAt),
    end: inAmsterdam(meeting.endsAt),
    timezone: meetingTimeZone,
    summary: meeting.title,
    location: meetingPlace(meeting),
    description: describe(meeting),
    ...(meeting.onlineUrl ? { url: meeting.onlineUrl } : {}),
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: context.organizer,
    attendees: [
      ...meeting.facilitators.map((f) => ({
        name: f.name,
        email: f.email,
        role: ICalAttendeeRole.CHAIR,
        status: ICalAttendeeStatus.ACCEPTED,
      })),
      ...(attendee
        ? [{ ...attendee, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.NEEDSACTION, rsvp: false }]
        : []),
    ],
  });
}

/**
 * The iTIP message (RFC 5546) an e-mail carries: REQUEST to invite or update (a higher SEQUENCE
 * replaces what the calendar has), CANCEL to take the event away.
 */
export function meetingMessage(
  meeting: CalendarMeeting,
  method: 'REQUEST' | 'CANCEL',
  context: CalendarContext,
  attendee: { name: string; email: string },
): string {
  const calendar = newCalendar(method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST);
  addEvent(calendar, meeting, context, attendee, method === 'CANCEL');
  return calendar.toString();
}

/** A person's calendar feed: their meetings, published for a calendar to subscribe to. */
export function meetingFeed(meetings: CalendarMeeting[], context: CalendarContext): string {
  const calendar = newCalendar(ICalCalendarMethod.PUBLISH, 'Leertraject: bijeenkomsten');
  // Calendars that honour it look again every hour.
  calendar.ttl(3600);
  for (const meeting of meetings) addEvent(calendar, meeting, context, null, false);
  return calendar.toString();
}

/**
 * Invitations come from the programme's mailbox: the mail sender when one is configured, else a
 * no-reply address at Loket's own host name (the messages are then kept, not sent).
 */
export function calendarContext(publicUrl: string, from: string | undefined): CalendarContext {
  const [sender] = from ? addressparser(from, { flatten: true }) : [];
  return {
    publicUrl,
    organizer: {
      name: sender?.name || 'Leertraject Frontoffice en basisvaardigheden',
      email: sender?.address || `noreply@${new URL(publicUrl).hostname}`,
    },
  };
}
