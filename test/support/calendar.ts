import ICAL from 'ical.js';
import { expect } from 'vitest';

/** One event of an iCalendar text, read with ical.js as a calendar application reads it. */
export interface ParsedEvent {
  method: string | null;
  uid: string;
  sequence: number;
  status: string | null;
  summary: string;
  location: string | null;
  start: Date;
  end: Date;
  startTzid: string | null;
  organizer: string | null;
  attendees: Array<{ email: string; role: string | null }>;
  description: string;
}

/** Parses a calendar strictly (ical.js throws on malformed input) and answers its events, times resolved through its VTIMEZONEs. */
export function parseCalendar(text: string): ParsedEvent[] {
  expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  // RFC 5545 §3.1: lines are folded at 75 octets.
  for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
  expect(calendar.getFirstPropertyValue('prodid')).toEqual(expect.any(String));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const method = calendar.getFirstPropertyValue('method');
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    const dtstart = component.getFirstProperty('dtstart');
    return {
      method: method === null ? null : String(method),
      uid: event.uid,
      sequence: event.sequence,
      status: (component.getFirstPropertyValue('status') as string | null) ?? null,
      summary: event.summary,
      location: event.location ?? null,
      start: event.startDate.toJSDate(),
      end: event.endDate.toJSDate(),
      startTzid: (dtstart?.getParameter('tzid') as string | undefined) ?? null,
      organizer: (component.getFirstPropertyValue('organizer') as string | null) ?? null,
      attendees: component.getAllProperties('attendee').map((property) => ({
        email: String(property.getFirstValue()).replace(/^mailto:/i, ''),
        role: (property.getParameter('role') as string | undefined) ?? null,
      })),
      description: event.description ?? '',
    };
  });
}

/**
 * A calendar application in miniature (RFC 5546 §2.1.5): a REQUEST adds an event or, with a
 * sequence not lower than the one it holds, replaces it; a CANCEL removes it. Answers the events
 * by UID after each message.
 */
export function applyInOrder(messages: string[]): Array<Map<string, ParsedEvent>> {
  const calendar = new Map<string, ParsedEvent>();
  return messages.map((message) => {
    for (const event of parseCalendar(message)) {
      const held = calendar.get(event.uid);
      if (held && event.sequence < held.sequence) continue;
      if (event.method === 'CANCEL') calendar.delete(event.uid);
      else if (event.method === 'REQUEST') calendar.set(event.uid, event);
    }
    return new Map(calendar);
  });
}
