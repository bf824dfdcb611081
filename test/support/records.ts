import { auditEvents } from '@loket/db';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestApp } from './app';

/** Creates a record as the test's administrator, failing unless the API answers 201. */
export async function created(t: TestApp, path: string, body: Record<string, unknown>) {
  const response = await t.http().post(path).send(body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; version: number };
}

/** The audit events written about one record. */
export const auditTrail = (t: TestApp, resourceId: string) =>
  t.database.connection.db.select().from(auditEvents).where(eq(auditEvents.resourceId, resourceId));

/**
 * Starts a planned cohort at a library with people who were at every meeting: `count` participants
 * (Deelnemer0, Deelnemer1, …; `first` names the first otherwise), enrolled at once. Answers their
 * enrolment ids, in order.
 */
export async function runningWithEveryoneThere(
  t: TestApp,
  cohortId: string,
  libraryId: string,
  count: number,
  first: Record<string, unknown> = {},
) {
  const people: string[] = [];
  for (let i = 0; i < count; i++) {
    const person = await created(t, '/v1/participants', {
      organisationId: libraryId,
      givenName: `Deelnemer${i}`,
      nameInfix: null,
      familyName: `Achternaam${i}`,
      email: `deelnemer${i}@hilversum.example`,
      ...(i === 0 ? first : {}),
    });
    people.push(person.id);
  }
  await t.http().patch(`/v1/cohorts/${cohortId}`).send({ status: 'running' }).expect(200);
  const enrolled = await t
    .http()
    .post(`/v1/cohorts/${cohortId}/enrolments`)
    .send({ participantIds: people })
    .expect(201);
  const rows = enrolled.body.data as Array<{ id: string; participantId: string }>;
  const byParticipant = new Map(rows.map((e) => [e.participantId, e.id]));
  const enrolmentIds = people.map((p) => byParticipant.get(p) as string);
  const sessionIds = ((await t.http().get(`/v1/sessions?cohortId=${cohortId}`)).body.data as Array<{ id: string }>).map(
    (s) => s.id,
  );
  for (const sessionId of sessionIds) {
    await t
      .http()
      .put(`/v1/sessions/${sessionId}/attendance`)
      .send({ records: enrolmentIds.map((enrolmentId) => ({ enrolmentId, status: 'present' })) })
      .expect(200);
  }
  return enrolmentIds;
}
