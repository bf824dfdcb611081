import type { FeedPosition } from '@loket/db';

/** Where a reader starts who has read nothing: before every event. */
export const feedStart: FeedPosition = { xactId: 0, eventId: '00000000-0000-0000-0000-000000000000' };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The cursor a reader passes back: opaque to them, a feed position to Loket. */
export function encodeFeedCursor(position: FeedPosition): string {
  return Buffer.from(JSON.stringify([String(position.xactId), position.eventId])).toString('base64url');
}

/** The position a cursor names, or undefined when it is not one Loket handed out. */
export function decodeFeedCursor(cursor: string): FeedPosition | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(payload) || payload.length !== 2) return undefined;
  const [xact, eventId] = payload as unknown[];
  if (typeof xact !== 'string' || !/^\d{1,16}$/.test(xact) || typeof eventId !== 'string') return undefined;
  const xactId = Number(xact);
  if (!Number.isSafeInteger(xactId) || !uuidPattern.test(eventId)) return undefined;
  return { xactId, eventId };
}

/** Whether a position lies before another in feed order (transaction id, then event id). */
export function isBefore(a: FeedPosition, b: FeedPosition): boolean {
  return a.xactId < b.xactId || (a.xactId === b.xactId && a.eventId < b.eventId);
}
