import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remindUpcomingMeetings } from '../../api/src/jobs/outbox';
import { startTestApp, type TestApp } from '../support/app';
import { expectProblem } from '../support/expectations';
import { testMailing } from '../support/mailing';
import { buildWorld, eventually } from '../support/receiver';

const outbox = { dispatchIntervalMs: 200, reminderIntervalMs: 200 };

interface NotificationBody {
  id: string;
  kind: string;
  participantId: string;
  organisationId: string;
  recipient: string;
  subject: string;
  body: string;
  status: string;
}

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

describe('e-mail notifications without a mail server', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof buildWorld>>;
  const people = {} as Record<'a' | 'b', { participantId: string; enrolmentId: string; cohortId: string }>;

  const list = async (query = '', token?: string) => {
    const response = await t.http(token).get(`/v1/notifications?limit=200${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.data as NotificationBody[];
  };

  // pg-boss creates its schema on first start: slow on PGlite on a busy machine.
  beforeAll(async () => {
    t = await startTestApp({ backgroundJobs: true, outbox });
    world = await buildWorld(t);
    for (const [side, library] of [
      ['a', world.libraryA],
      ['b', world.libraryB],
    ] as const) {
      // The kick-off of a cohort that starts tomorrow is within two days.
      const cohortId = (
        await t
          .http()
          .post('/v1/cohorts')
          .send({
            organisationId: library,
            phase: 'rollout',
            startsOn: tomorrow(),
            endsOn: '2027-12-31',
            moduleCodes: ['boekstart'],
          })
      ).body.id as string;
      const participantId = await world.participantIn(library);
      people[side] = { participantId, cohortId, enrolmentId: await world.enrol(cohortId, participantId) };
    }
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('keeps an invitation for everyone enrolled, in Dutch, with their details', async () => {
    const invitation = await eventually(async () => {
      const [found] = await list(`&kind=invitation&participantId=${people.a.participantId}`);
      expect(found).toBeDefined();
      return found as NotificationBody;
    });
    expect(invitation).toMatchObject({ status: 'kept', organisationId: world.libraryA });
    expect(invitation.recipient).toMatch(/@bibliotheek\.example$/);
    expect(invitation.subject).toBe('Welkom bij het Leertraject Frontoffice en basisvaardigheden');
    expect(invitation.body).toMatch(/^Beste Sanne\d+,/);
    expect(invitation.body).toContain('Bibliotheek Helmond-Peel');
  });

  it('keeps one reminder per participant and meeting, however often the pass runs', async () => {
    const reminders = await eventually(async () => {
      const found = await list(`&kind=meeting_reminder&participantId=${people.a.participantId}`);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(reminders[0]?.subject).toMatch(/^Herinnering: Kick-off op /);
    expect(reminders[0]?.body).toMatch(/om 13:30/);
    // The pass has run several times by now (every 200 ms); once more by hand changes nothing.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const again = await remindUpcomingMeetings(t.app.db, await testMailing());
    expect(again).toEqual([]);
    expect(await list(`&kind=meeting_reminder&participantId=${people.a.participantId}`)).toHaveLength(1);
  });

  it('keeps a message when a certificate is issued', async () => {
    const { participantId } = await world.certify(world.libraryA);
    const message = await eventually(async () => {
      const [found] = await list(`&kind=certificate_issued&participantId=${participantId}`);
      expect(found).toBeDefined();
      return found as NotificationBody;
    });
    expect(message.subject).toBe('Gefeliciteerd met je certificaat');
    expect(message.body).toMatch(/nummer [A-Z]+-\d{4}-\d{6}/);
    expect(message.body).toContain('/verify/');
  });

  it('shows each caller only the messages within their scope', async () => {
    await eventually(async () => expect(await list(`&participantId=${people.b.participantId}`)).not.toHaveLength(0));
    const everyone = await list();
    expect(everyone.map((n) => n.participantId)).toEqual(
      expect.arrayContaining([people.a.participantId, people.b.participantId]),
    );

    const adviserA = await t.tokenFor('adviser', { organisationId: world.poiA });
    const coordinatorB = await t.tokenFor('coordinator', { organisationId: world.libraryB });
    const participantA = await t.tokenFor('participant', { participantId: people.a.participantId });
    const facilitatorA = await t.tokenFor('facilitator', { organisationId: world.libraryA });

    const ofAdviser = await list('', adviserA);
    expect(ofAdviser.length).toBeGreaterThan(0);
    expect(ofAdviser.every((n) => n.organisationId === world.libraryA)).toBe(true);
    const ofCoordinator = await list('', coordinatorB);
    expect(ofCoordinator.length).toBeGreaterThan(0);
    expect(ofCoordinator.every((n) => n.organisationId === world.libraryB)).toBe(true);
    const own = await list('', participantA);
    // Joining a cohort brings an invitation to each of its meetings still to come.
    const meetings = (await t.http().get(`/v1/sessions?cohortId=${people.a.cohortId}`)).body.data as unknown[];
    expect(meetings.length).toBeGreaterThan(0);
    expect(own.map((n) => n.kind).sort()).toEqual([
      'invitation',
      ...meetings.map(() => 'meeting_invitation'),
      'meeting_reminder',
    ]);
    expect(own.every((n) => n.participantId === people.a.participantId)).toBe(true);
    // Filtering by someone else's id does not reach past the scope.
    expect(await list(`&participantId=${people.b.participantId}`, adviserA)).toEqual([]);
    expectProblem(await t.http(facilitatorA).get('/v1/notifications'), 403);
  });

  it('reminds nobody who was withdrawn', async () => {
    // A cohort that starts in five days: the pass reminds nobody yet, so the withdrawal comes first.
    const inFiveDays = new Date(Date.now() + 5 * 86_400_000);
    const cohortId = (
      await t
        .http()
        .post('/v1/cohorts')
        .send({
          organisationId: world.libraryA,
          phase: 'rollout',
          startsOn: inFiveDays.toISOString().slice(0, 10),
          endsOn: '2027-12-31',
          moduleCodes: ['boekstart'],
        })
    ).body.id as string;
    const stays = await world.participantIn(world.libraryA);
    const leaves = await world.participantIn(world.libraryA);
    await world.enrol(cohortId, stays);
    const enrolmentId = await world.enrol(cohortId, leaves);
    await t.http().patch(`/v1/enrolments/${enrolmentId}`).send({ status: 'withdrawn' }).expect(200);
    // The day before the kick-off, it is within two days.
    const later = new Date(new Date(`${inFiveDays.toISOString().slice(0, 10)}T00:00:00Z`).getTime() - 86_400_000);
    await remindUpcomingMeetings(t.app.db, await testMailing(), later);
    expect(await list(`&kind=meeting_reminder&participantId=${stays}`)).toHaveLength(1);
    expect(await list(`&kind=meeting_reminder&participantId=${leaves}`)).toEqual([]);
  });

  it('hands the messages over on an access request and deletes them when the person is erased', async () => {
    const participantId = await world.participantIn(world.libraryA);
    await world.enrol(await world.cohortIn(world.libraryA), participantId);
    await eventually(async () => expect(await list(`&participantId=${participantId}`)).toHaveLength(1));
    const exported = await t.http().get(`/v1/participants/${participantId}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body.notifications).toHaveLength(1);
    expect(exported.body.notifications[0].kind).toBe('invitation');
    await t.http().post(`/v1/participants/${participantId}/erasure`).expect(200);
    expect(await list(`&participantId=${participantId}`)).toEqual([]);
  });
});

describe('e-mail notifications with a mail server', () => {
  // Starts its own app, pg-boss included, inside the test.
  it('sends them and records that they were sent', async () => {
    // nodemailer's JSON transport stands in for an SMTP server: it accepts every message.
    const t = await startTestApp({
      backgroundJobs: true,
      outbox,
      mail: { transport: { jsonTransport: true }, from: 'Leertraject <leertraject@kb.example>' },
    });
    try {
      const world = await buildWorld(t);
      const cohortId = await world.cohortIn(world.libraryA);
      const participantId = await world.participantIn(world.libraryA);
      await world.enrol(cohortId, participantId);
      const sent = await eventually(async () => {
        const [found] = (await t.http().get(`/v1/notifications?participantId=${participantId}`)).body.data;
        expect(found?.status).toBe('sent');
        return found;
      });
      expect(sent).toMatchObject({ kind: 'invitation', attempts: 1, lastError: null });
      expect(sent.sentAt).toEqual(expect.any(String));
    } finally {
      await t.close();
    }
  }, 90_000);
});
