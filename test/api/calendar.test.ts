import { type NotificationRow, notifications } from '@loket/db';
import { and, eq } from 'drizzle-orm';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchOutbox, mailOf, remindUpcomingMeetings } from '../../api/src/jobs/outbox';
import { startTestApp, type TestApp } from '../support/app';
import { applyInOrder, parseCalendar } from '../support/calendar';
import { expectProblem } from '../support/expectations';
import { testMailing } from '../support/mailing';

/**
 * Meetings in people's calendars: the invitation, update and cancellation e-mails carry iCalendar
 * events that a calendar applies as one event that moves and then disappears; each person has a
 * private feed of their meetings that stops working once revoked.
 */
let t: TestApp;
const logLines: string[] = [];
const dayMs = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * dayMs).toISOString().slice(0, 10);
let library = '';
let cohortId = '';
let participantId = '';
let participantToken = '';
let facilitatorId = '';
let facilitatorToken = '';
let meetingId = '';

/** The wall-clock time in Amsterdam as iCalendar writes it, e.g. 20261215T140000. */
function amsterdam(moment: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Amsterdam',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(moment)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}${parts.month}${parts.day}T${parts.hour}${parts.minute}${parts.second}`;
}

const dispatch = async () => dispatchOutbox(t.app.db, await testMailing());

async function messages(kind: string) {
  return t.app.db
    .select()
    .from(notifications)
    .where(
      and(eq(notifications.participantId, participantId), eq(notifications.kind, kind as NotificationRow['kind'])),
    );
}

async function only(kind: string, forMeeting = meetingId): Promise<NotificationRow> {
  const rows = (await messages(kind)).filter((row) => row.calendar?.includes(forMeeting));
  expect(rows).toHaveLength(1);
  return rows[0] as NotificationRow;
}

beforeAll(async () => {
  t = await startTestApp({ logStream: { write: (line) => logLines.push(line) } });
  const post = async (url: string, body: Record<string, unknown>) => {
    const response = await t.http().post(url).send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string };
  };
  const poi = (await post('/v1/organisations', { kind: 'poi', name: 'Cubiss', parentId: t.kb.id })).id;
  library = (
    await post('/v1/organisations', {
      kind: 'library',
      name: 'Bibliotheek Midden-Brabant',
      city: 'Tilburg',
      parentId: poi,
    })
  ).id;
  facilitatorId = (
    await post('/v1/users', {
      email: 'marloes@bibliotheektilburg.example',
      displayName: 'Marloes Jansen',
      role: 'facilitator',
      organisationId: library,
      password: 'een lange zin als wachtwoord',
    })
  ).id;
  const signIn = await t.http(null).post('/v1/auth/token').send({
    grant_type: 'password',
    username: 'marloes@bibliotheektilburg.example',
    password: 'een lange zin als wachtwoord',
  });
  facilitatorToken = signIn.body.access_token;
  cohortId = (
    await post('/v1/cohorts', { organisationId: library, phase: 'rollout', startsOn: day(10), endsOn: day(300) })
  ).id;
  participantId = (
    await post('/v1/participants', {
      organisationId: library,
      givenName: 'Fatima',
      familyName: 'El Amrani',
      email: 'fatima@bibliotheektilburg.example',
    })
  ).id;
  participantToken = await t.tokenFor('participant', { participantId });
  await post('/v1/enrolments', { cohortId, participantId });
  await dispatch();
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('meeting e-mails', () => {
  it('invites whoever joins a cohort to each of its meetings still to come', async () => {
    const planned = (await t.http().get(`/v1/sessions?cohortId=${cohortId}`)).body.data as Array<{ id: string }>;
    expect(planned.length).toBeGreaterThan(0);
    const invitations = await messages('meeting_invitation');
    expect(invitations).toHaveLength(planned.length);
    const uids = invitations.flatMap((row) => parseCalendar(row.calendar ?? '').map((event) => event.uid));
    expect(new Set(uids)).toEqual(new Set(planned.map((meeting) => `${meeting.id}@localhost`)));
  });

  it('sends an invitation, an update and a cancellation that a calendar applies as one event that moves and disappears', async () => {
    const startsAt = new Date(`${day(20)}T13:00:00.000Z`);
    const created = await t
      .http()
      .post('/v1/sessions')
      .send({
        cohortId,
        type: 'team_meeting',
        title: 'Extra teambijeenkomst',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
        facilitatorUserIds: [facilitatorId],
        agenda: ['Wat kom je aan de balie tegen?'],
      });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    meetingId = created.body.id;
    await dispatch();
    const invitation = await only('meeting_invitation');
    expect(invitation.subject).toContain('Extra teambijeenkomst');
    const [invited] = parseCalendar(invitation.calendar ?? '');
    expect(invited).toMatchObject({
      method: 'REQUEST',
      uid: `${meetingId}@localhost`,
      sequence: 1,
      status: 'CONFIRMED',
      summary: 'Extra teambijeenkomst',
      location: 'Bibliotheek Midden-Brabant, Tilburg',
      startTzid: 'Europe/Amsterdam',
      start: startsAt,
    });
    expect(invitation.calendar).toContain(`DTSTART;TZID=Europe/Amsterdam:${amsterdam(startsAt)}`);
    expect(invitation.calendar).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Amsterdam/);
    expect(invited?.organizer).toMatch(/^mailto:noreply@localhost$/i);
    expect(invited?.attendees).toEqual([
      { email: 'marloes@bibliotheektilburg.example', role: 'CHAIR' },
      { email: 'fatima@bibliotheektilburg.example', role: 'REQ-PARTICIPANT' },
    ]);
    expect(invited?.description).toContain('Begeleiding: Marloes Jansen');
    expect(invitation.body).toContain('Begeleiding: Marloes Jansen');

    // Moved into summer time: the wall clock follows Amsterdam, the moment stays exact.
    const movedTo = new Date(`${day(180)}T13:00:00.000Z`);
    const current = await t.http().get(`/v1/sessions/${meetingId}`);
    await t
      .http()
      .patch(`/v1/sessions/${meetingId}`)
      .set('if-match', current.headers.etag as string)
      .send({ startsAt: movedTo.toISOString(), endsAt: new Date(movedTo.getTime() + 3_600_000).toISOString() })
      .expect(200);
    await dispatch();
    const update = await only('meeting_update');
    const [updated] = parseCalendar(update.calendar ?? '');
    expect(updated).toMatchObject({ method: 'REQUEST', uid: invited?.uid, sequence: 2, start: movedTo });
    expect(update.calendar).toContain(`DTSTART;TZID=Europe/Amsterdam:${amsterdam(movedTo)}`);

    const again = await t.http().get(`/v1/sessions/${meetingId}`);
    await t
      .http()
      .post(`/v1/sessions/${meetingId}/cancel`)
      .set('if-match', again.headers.etag as string)
      .expect(200);
    await dispatch();
    const cancellation = await only('meeting_cancellation');
    expect(cancellation.subject).toMatch(/^Gaat niet door: Extra teambijeenkomst/);
    const [cancelled] = parseCalendar(cancellation.calendar ?? '');
    expect(cancelled).toMatchObject({ method: 'CANCEL', uid: invited?.uid, sequence: 3, status: 'CANCELLED' });

    const states = applyInOrder([invitation.calendar ?? '', update.calendar ?? '', cancellation.calendar ?? '']);
    expect(states.map((state) => [...state.values()].map((event) => event.start))).toEqual([[startsAt], [movedTo], []]);
    // Delivered twice or out of order, the older message changes nothing.
    const replayed = applyInOrder([invitation.calendar ?? '', update.calendar ?? '', invitation.calendar ?? '']);
    expect([...(replayed[2]?.values() ?? [])].map((event) => event.start)).toEqual([movedTo]);
    // The dispatcher made nothing twice.
    await dispatch();
    expect(await messages('meeting_update')).toHaveLength(1);
  });

  it('puts the meeting in the reminder, and sends text, HTML and the invitation as alternatives', async () => {
    const [first] = (await t.http().get(`/v1/sessions?cohortId=${cohortId}&status=scheduled&sort=startsAt`)).body.data;
    const twoDaysBefore = new Date(new Date(first.startsAt).getTime() - dayMs);
    await remindUpcomingMeetings(t.app.db, await testMailing(), twoDaysBefore);
    const reminder = await only('meeting_reminder', first.id);
    const [event] = parseCalendar(reminder.calendar ?? '');
    expect(event).toMatchObject({ method: 'REQUEST', uid: `${first.id}@localhost`, start: new Date(first.startsAt) });

    const transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const sent = await transport.sendMail(mailOf(reminder, 'Leertraject <leertraject@kb.example>'));
    const raw = (sent.message as Buffer).toString('utf8');
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(raw).toMatch(/Content-Type: text\/plain; charset=utf-8/);
    expect(raw).toMatch(/Content-Type: text\/html; charset=utf-8/);
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);
    expect(raw).toMatch(/Content-Disposition: attachment; filename=uitnodiging.ics/);
  });
});

describe('leaving a cohort', () => {
  it('takes its meetings out of the calendar, and puts them back on return', async () => {
    const leaver = (
      await t.http().post('/v1/participants').send({
        organisationId: library,
        givenName: 'Joost',
        familyName: 'Verhoeven',
        email: 'joost@bibliotheektilburg.example',
      })
    ).body.id as string;
    const enrolmentId = (await t.http().post('/v1/enrolments').send({ cohortId, participantId: leaver })).body.id;
    await dispatch();
    const of = async (kind: string) =>
      t.app.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.participantId, leaver), eq(notifications.kind, kind as NotificationRow['kind'])));
    const invitations = (await of('meeting_invitation')).map((row) => row.calendar ?? '');
    expect(invitations.length).toBeGreaterThan(0);

    await t.http().patch(`/v1/enrolments/${enrolmentId}`).send({ status: 'withdrawn' }).expect(200);
    await dispatch();
    const withdrawals = await of('meeting_withdrawal');
    expect(withdrawals).toHaveLength(invitations.length);
    expect(withdrawals[0]?.subject).toMatch(/^Uit je agenda: /);
    expect(withdrawals[0]?.body).toContain('Je doet niet meer mee met groep');
    const states = applyInOrder([...invitations, ...withdrawals.map((row) => row.calendar ?? '')]);
    expect(states[invitations.length - 1]?.size).toBe(invitations.length);
    expect(states.at(-1)?.size).toBe(0);
    for (const row of withdrawals) expect(parseCalendar(row.calendar ?? '')[0]?.method).toBe('CANCEL');

    await t.http().patch(`/v1/enrolments/${enrolmentId}`).send({ status: 'active' }).expect(200);
    await dispatch();
    const back = (await of('meeting_invitation')).map((row) => row.calendar ?? '');
    expect(back).toHaveLength(invitations.length * 2);
  });
});

describe('calendar feeds', () => {
  const feedPath = (url: string) => new URL(url).pathname;

  it('lists a participant\u2019s meetings and a facilitator\u2019s, and stops once revoked or replaced', async () => {
    expectProblem(await t.http(participantToken).get('/v1/me/calendar-feed'), 404);
    const made = await t.http(participantToken).post('/v1/me/calendar-feed');
    expect(made.status).toBe(201);
    expect(made.headers['cache-control']).toBe('no-store');
    expect(made.body.url).toMatch(/^http:\/\/localhost:3000\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);

    const feed = await t.http(null).get(feedPath(made.body.url));
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const events = parseCalendar(feed.text);
    const scheduled = (await t.http().get(`/v1/sessions?cohortId=${cohortId}&status=scheduled`)).body.data as Array<{
      id: string;
    }>;
    expect(new Set(events.map((e) => e.uid))).toEqual(new Set(scheduled.map((m) => `${m.id}@localhost`)));
    expect(events.every((e) => e.method === 'PUBLISH' && e.startTzid === 'Europe/Amsterdam')).toBe(true);
    // The cancelled meeting is gone from it.
    expect(events.map((e) => e.uid)).not.toContain(`${meetingId}@localhost`);

    const status = await t.http(participantToken).get('/v1/me/calendar-feed');
    expect(status.status).toBe(200);
    expect(status.body).toEqual({ id: made.body.id, createdAt: made.body.createdAt, lastUsedAt: expect.any(String) });

    // The facilitator's feed holds the meetings they lead.
    const led = await t
      .http()
      .post('/v1/sessions')
      .send({
        cohortId,
        type: 'team_meeting',
        title: 'Intervisie',
        startsAt: `${day(40)}T09:00:00.000Z`,
        endsAt: `${day(40)}T10:30:00.000Z`,
        facilitatorUserIds: [facilitatorId],
      });
    const own = await t.http(facilitatorToken).post('/v1/me/calendar-feed');
    const ofFacilitator = parseCalendar((await t.http(null).get(feedPath(own.body.url))).text);
    expect(ofFacilitator.map((e) => e.uid)).toEqual([`${led.body.id}@localhost`]);

    const rotated = await t.http(participantToken).post('/v1/me/calendar-feed');
    expect(rotated.body.url).not.toBe(made.body.url);
    expectProblem(await t.http(null).get(feedPath(made.body.url)), 410, 'calendar-feed-revoked');
    expect((await t.http(null).get(feedPath(rotated.body.url))).status).toBe(200);
    await t.http(participantToken).delete('/v1/me/calendar-feed').expect(204);
    expectProblem(await t.http(null).get(feedPath(rotated.body.url)), 410, 'calendar-feed-revoked');
    expectProblem(await t.http(participantToken).get('/v1/me/calendar-feed'), 404);
    expectProblem(await t.http(participantToken).delete('/v1/me/calendar-feed'), 404);
    expectProblem(await t.http(null).get(`/v1/calendar/${'A'.repeat(43)}.ics`), 404);
    expectProblem(await t.http(null).get('/v1/calendar/kort.ics'), 400);

    // The log shows the route, never the secret in the path.
    const token = new URL(rotated.body.url).pathname.slice('/v1/calendar/'.length, -'.ics'.length);
    expect(logLines.join('\n')).not.toContain(token);
    expect(logLines.join('\n')).toContain('/v1/calendar/:token.ics');
  });

  it('stores only a hash of the URL, and answers 410 for a disabled account', async () => {
    const made = await t.http(facilitatorToken).post('/v1/me/calendar-feed');
    const token = new URL(made.body.url).pathname.slice('/v1/calendar/'.length, -'.ics'.length);
    const dump = await t.app.db.execute('select * from calendar_feeds');
    expect(JSON.stringify(dump)).not.toContain(token);
    const facilitator = await t.http().get(`/v1/users/${facilitatorId}`);
    await t
      .http()
      .patch(`/v1/users/${facilitatorId}`)
      .set('if-match', facilitator.headers.etag as string)
      .send({ disabled: true })
      .expect(200);
    expectProblem(await t.http(null).get(new URL(made.body.url).pathname), 410, 'calendar-feed-revoked');
  });
});
