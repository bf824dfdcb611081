import {
  cohorts,
  enrolments,
  moduleProgress,
  organisations,
  participants,
  seedPilot,
  seedScale,
  sessions,
  users,
} from '@loket/db';
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database';

let pilot: TestDatabase;
let again: TestDatabase;

beforeAll(async () => {
  [pilot, again] = await Promise.all([freshDatabase(), freshDatabase()]);
  await seedPilot(pilot.connection.db);
  await seedPilot(again.connection.db);
});

afterAll(async () => {
  await Promise.all([pilot.drop(), again.drop()]);
});

describe('the pilot seed', () => {
  it('has the three pilot libraries under their POIs, under the KB', async () => {
    const rows = await pilot.connection.db.select().from(organisations);
    const byId = new Map(rows.map((o) => [o.id, o]));
    const parentName = (name: string) => byId.get(rows.find((o) => o.name === name)?.parentId ?? '')?.name;
    expect(parentName('Bibliotheek Het Markiezaat')).toBe('Cubiss');
    expect(parentName('Bibliotheek Helmond-Peel')).toBe('Cubiss');
    expect(parentName('Bibliotheek Hilversum')).toBe('ProBiblio');
    expect(parentName('Cubiss')).toBe('Koninklijke Bibliotheek');
    expect(
      rows
        .filter((o) => o.kind === 'partner')
        .map((o) => o.name)
        .sort(),
    ).toEqual(['Stichting Lezen', 'Stichting Lezen & Schrijven']);
    for (const organisation of rows) {
      const parent = organisation.parentId ? byId.get(organisation.parentId) : undefined;
      expect(organisation.path).toBe(`${parent?.path ?? '/'}${organisation.id}/`);
    }
  });

  it('has 50 participants, each working in their library\u2019s subtree, with unique emails', async () => {
    const people = await pilot.connection.db
      .select({ email: participants.email, path: organisations.path })
      .from(participants)
      .innerJoin(organisations, eq(organisations.id, participants.organisationId));
    expect(people).toHaveLength(50);
    expect(new Set(people.map((p) => p.email)).size).toBe(50);
    const libraries = await pilot.connection.db.select().from(organisations).where(eq(organisations.kind, 'library'));
    for (const person of people) {
      const library = libraries.find((l) => person.path.startsWith(l.path));
      expect(person.email.endsWith(`@${library?.website?.replace('https://www.', '')}`)).toBe(true);
    }
  });

  it('runs a pilot cohort per library from November 2018, with a kick-off and two team meetings', async () => {
    const db = pilot.connection.db;
    const rows = await db.select().from(cohorts).orderBy(asc(cohorts.startsOn));
    expect(rows.map((c) => [c.phase, c.status, c.startsOn.slice(0, 7)])).toEqual([
      ['pilot', 'running', '2018-11'],
      ['pilot', 'running', '2018-11'],
      ['pilot', 'running', '2018-11'],
    ]);
    for (const cohort of rows) {
      const meetings = await db
        .select()
        .from(sessions)
        .where(eq(sessions.cohortId, cohort.id))
        .orderBy(asc(sessions.sequence));
      expect(meetings.map((m) => m.type)).toEqual(['kickoff', 'team_meeting', 'team_meeting']);
      const [progress] = await db
        .select({ n: count() })
        .from(moduleProgress)
        .innerJoin(enrolments, eq(enrolments.id, moduleProgress.enrolmentId))
        .where(eq(enrolments.cohortId, cohort.id));
      const [enrolled] = await db.select({ n: count() }).from(enrolments).where(eq(enrolments.cohortId, cohort.id));
      expect(progress?.n).toBe((enrolled?.n ?? 0) * 6);
    }
  });

  it('is the same on every run', async () => {
    const names = (t: TestDatabase) =>
      t.connection.db
        .select({ email: participants.email, name: participants.familyName })
        .from(participants)
        .orderBy(asc(participants.email));
    expect(await names(again)).toEqual(await names(pilot));
  });
});

describe('the national scale seed', () => {
  it('builds every POI, at least 160 libraries, and enrols everyone', async () => {
    const scale = await freshDatabase();
    try {
      const summary = await seedScale(scale.connection.db, { participants: 500 });
      expect(summary).toMatchObject({ pois: 9, participants: 500, enrolments: 500 });
      expect(summary.libraries).toBeGreaterThanOrEqual(160);
      const db = scale.connection.db;
      const [pois] = await db.select({ n: count() }).from(organisations).where(eq(organisations.kind, 'poi'));
      expect(pois?.n).toBe(9);
      const rows = await db.select().from(organisations);
      const byId = new Map(rows.map((o) => [o.id, o]));
      for (const organisation of rows) {
        const parent = organisation.parentId ? byId.get(organisation.parentId) : undefined;
        expect(organisation.path).toBe(`${parent?.path ?? '/'}${organisation.id}/`);
      }
      expect(summary.attendanceRecords).toBeGreaterThan(0);
      const [accounts] = await db.select({ n: count() }).from(users);
      expect(accounts?.n).toBe(0);
    } finally {
      await scale.drop();
    }
  });
});
