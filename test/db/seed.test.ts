import {
  attendance,
  cohortModules,
  cohorts,
  type Database,
  enrolments,
  moduleProgress,
  modules,
  organisations,
  participants,
  scaleAsOf,
  seedPilot,
  seedScale,
  sessions,
  users,
  xapiStatements,
} from '@loket/db';
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database';

let pilot: TestDatabase;
let pilotAgain: TestDatabase;
let scale: TestDatabase;
let scaleAgain: TestDatabase;
const scaleSize = 500;

beforeAll(async () => {
  [pilot, pilotAgain, scale, scaleAgain] = await Promise.all([
    freshDatabase(),
    freshDatabase(),
    freshDatabase(),
    freshDatabase(),
  ]);
  await seedPilot(pilot.connection.db);
  await seedPilot(pilotAgain.connection.db);
}, 60_000);

afterAll(async () => {
  await Promise.all([pilot, pilotAgain, scale, scaleAgain].map((t) => t?.drop()));
});

type Organisation = typeof organisations.$inferSelect;

async function organisationTree(db: Database) {
  const rows = await db.select().from(organisations);
  const byId = new Map(rows.map((o) => [o.id, o]));
  const parentOf = (o: Organisation) => (o.parentId ? byId.get(o.parentId) : undefined);
  return { rows, parentOf, named: (name: string) => rows.find((o) => o.name === name) };
}

function expectConsistentPaths(tree: Awaited<ReturnType<typeof organisationTree>>) {
  for (const organisation of tree.rows) {
    expect(organisation.path).toBe(`${tree.parentOf(organisation)?.path ?? '/'}${organisation.id}/`);
  }
}

/** Per enrolment the module ids of its progress rows and of its cohort's chosen modules, both sorted. */
async function progressAgainstChosenModules(db: Database) {
  const chosen = new Map<string, string[]>();
  for (const row of await db.select().from(cohortModules)) {
    chosen.set(row.cohortId, [...(chosen.get(row.cohortId) ?? []), row.moduleId]);
  }
  const tracked = new Map<string, string[]>();
  for (const row of await db.select().from(moduleProgress)) {
    tracked.set(row.enrolmentId, [...(tracked.get(row.enrolmentId) ?? []), row.moduleId]);
  }
  const rows = await db.select().from(enrolments);
  return rows.map((e) => ({
    tracked: (tracked.get(e.id) ?? []).sort(),
    chosen: (chosen.get(e.cohortId) ?? []).sort(),
  }));
}

function amsterdamClock(instant: Date) {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}

describe('the pilot seed', () => {
  it('puts the three pilot libraries under their POIs, and the POIs and partners under the KB', async () => {
    const tree = await organisationTree(pilot.connection.db);
    const parentName = (name: string) => {
      const organisation = tree.named(name);
      return organisation && tree.parentOf(organisation)?.name;
    };
    expect(parentName('Bibliotheek Het Markiezaat')).toBe('Cubiss');
    expect(parentName('Bibliotheek Helmond-Peel')).toBe('Cubiss');
    expect(parentName('Bibliotheek Hilversum')).toBe('ProBiblio');
    for (const name of ['Cubiss', 'ProBiblio', 'Stichting Lezen', 'Stichting Lezen & Schrijven']) {
      expect(parentName(name), name).toBe('Koninklijke Bibliotheek');
    }
    expect(tree.named('Koninklijke Bibliotheek')).toMatchObject({ kind: 'national', shortName: 'KB', parentId: null });
    expect(parentName('Bibliotheek Helmond-Peel, vestiging Deurne')).toBe('Bibliotheek Helmond-Peel');
    expect(tree.rows.filter((o) => o.kind === 'branch')).toHaveLength(5 + 2 + 4);
    expectConsistentPaths(tree);
  });

  it('has 50 participants, each working in their library\u2019s subtree, with unique work addresses', async () => {
    const db = pilot.connection.db;
    const people = await db
      .select({ email: participants.email, path: organisations.path })
      .from(participants)
      .innerJoin(organisations, eq(organisations.id, participants.organisationId));
    const libraries = await db.select().from(organisations).where(eq(organisations.kind, 'library'));
    expect(people).toHaveLength(50);
    expect(new Set(people.map((p) => p.email)).size).toBe(50);
    const perLibrary = new Map<string, number>();
    for (const person of people) {
      const library = libraries.find((l) => person.path.startsWith(l.path));
      expect(library, person.email).toBeDefined();
      expect(person.email).toMatch(/^[a-z]+\.[a-z]+\d*@[a-z-]+\.example$/);
      expect(person.email.endsWith(`@${library?.email?.split('@')[1]}`)).toBe(true);
      perLibrary.set(library?.name ?? '', (perLibrary.get(library?.name ?? '') ?? 0) + 1);
    }
    expect(Object.fromEntries(perLibrary)).toEqual({
      'Bibliotheek Het Markiezaat': 17,
      'Bibliotheek Hilversum': 17,
      'Bibliotheek Helmond-Peel': 16,
    });
  });

  it('runs a three-month pilot cohort per library from November 2018 with all six modules', async () => {
    const db = pilot.connection.db;
    const rows = await db.select().from(cohorts).orderBy(asc(cohorts.startsOn));
    expect(rows.map((c) => [c.name, c.phase, c.status, c.startsOn, c.endsOn])).toEqual([
      ['Pilot Bibliotheek Hilversum 2018', 'pilot', 'running', '2018-11-05', '2019-02-05'],
      ['Pilot Bibliotheek Het Markiezaat 2018', 'pilot', 'running', '2018-11-13', '2019-02-13'],
      ['Pilot Bibliotheek Helmond-Peel 2018', 'pilot', 'running', '2018-11-15', '2019-02-15'],
    ]);
    for (const cohort of rows) {
      const [chosen] = await db.select({ n: count() }).from(cohortModules).where(eq(cohortModules.cohortId, cohort.id));
      expect(chosen?.n).toBe(6);
      expect(cohort.adviserUserId).toBeNull();
    }
  });

  it('plans a kick-off and two team meetings per cohort at 13:30 in Amsterdam, at the library', async () => {
    const db = pilot.connection.db;
    for (const cohort of await db.select().from(cohorts)) {
      const meetings = await db
        .select()
        .from(sessions)
        .where(eq(sessions.cohortId, cohort.id))
        .orderBy(asc(sessions.startsAt));
      expect(meetings.map((m) => [m.type, m.sequence])).toEqual([
        ['kickoff', 1],
        ['team_meeting', 2],
        ['team_meeting', 3],
      ]);
      expect(meetings[0]?.startsAt.toISOString().slice(0, 10)).toBe(cohort.startsOn);
      for (const meeting of meetings) {
        expect(amsterdamClock(meeting.startsAt)).toBe('13:30');
        expect(meeting.locationOrganisationId).toBe(cohort.organisationId);
        expect(meeting.agenda.length).toBeGreaterThan(0);
      }
    }
  });

  it('enrols every participant once, with one progress row per chosen module, mostly not started', async () => {
    const db = pilot.connection.db;
    const enrolled = await db.select().from(enrolments);
    expect(enrolled).toHaveLength(50);
    expect(new Set(enrolled.map((e) => e.participantId)).size).toBe(50);
    expect(new Set(enrolled.map((e) => e.status))).toEqual(new Set(['active']));
    for (const { tracked, chosen } of await progressAgainstChosenModules(db)) expect(tracked).toEqual(chosen);
    const progress = await db.select().from(moduleProgress);
    const notStarted = progress.filter((p) => p.status === 'not_started');
    expect(notStarted.length).toBeGreaterThan(progress.length / 2);
    expect(progress.some((p) => p.status === 'completed')).toBe(true);
    for (const p of progress) {
      expect(p.startedAt === null).toBe(p.status === 'not_started');
      expect(p.completedAt === null).toBe(p.status !== 'completed');
    }
  });

  it('is the same on every run', async () => {
    const snapshot = async (t: TestDatabase) => {
      const db = t.connection.db;
      return {
        people: await db
          .select({
            givenName: participants.givenName,
            nameInfix: participants.nameInfix,
            familyName: participants.familyName,
            email: participants.email,
            jobTitle: participants.jobTitle,
          })
          .from(participants)
          .orderBy(asc(participants.email)),
        progress: await db
          .select({ status: moduleProgress.status, n: count() })
          .from(moduleProgress)
          .groupBy(moduleProgress.status)
          .orderBy(moduleProgress.status),
        attendance: await db
          .select({ status: attendance.status, n: count() })
          .from(attendance)
          .groupBy(attendance.status)
          .orderBy(attendance.status),
        organisations: (await db.select({ name: organisations.name }).from(organisations)).map((o) => o.name).sort(),
      };
    };
    expect(await snapshot(pilotAgain)).toEqual(await snapshot(pilot));
  });
});

describe('the national scale seed', () => {
  it('builds the nine POIs, at least 160 libraries with branches, and enrols everyone', async () => {
    const summary = await seedScale(scale.connection.db, { participants: scaleSize });
    expect(summary).toMatchObject({ pois: 9, participants: scaleSize, enrolments: scaleSize });
    expect(summary.libraries).toBeGreaterThanOrEqual(160);
    const tree = await organisationTree(scale.connection.db);
    const pois = tree.rows.filter((o) => o.kind === 'poi');
    expect(pois).toHaveLength(9);
    for (const poi of pois) expect(tree.parentOf(poi)?.name).toBe('Koninklijke Bibliotheek');
    const libraries = tree.rows.filter((o) => o.kind === 'library');
    expect(libraries).toHaveLength(summary.libraries);
    for (const library of libraries) {
      expect(tree.parentOf(library)?.kind).toBe('poi');
      const branches = tree.rows.filter((o) => o.parentId === library.id);
      expect(branches.length).toBeGreaterThanOrEqual(1);
      expect(branches.length).toBeLessThanOrEqual(4);
    }
    expectConsistentPaths(tree);
  }, 60_000);

  it('puts every participant in a library and enrols them with progress for their cohort\u2019s modules', async () => {
    const db = scale.connection.db;
    const people = await db
      .select({ path: organisations.path })
      .from(participants)
      .innerJoin(organisations, eq(organisations.id, participants.organisationId));
    const libraryPaths = (await db.select().from(organisations).where(eq(organisations.kind, 'library'))).map(
      (l) => l.path,
    );
    expect(people).toHaveLength(scaleSize);
    for (const person of people) expect(libraryPaths.some((path) => person.path.startsWith(path))).toBe(true);
    const rows = await progressAgainstChosenModules(db);
    expect(rows).toHaveLength(scaleSize);
    for (const { tracked, chosen } of rows) {
      expect(chosen.length).toBeGreaterThan(0);
      expect(tracked).toEqual(chosen);
    }
  });

  it('gives each library one 2019 rollout cohort whose status fits its dates, and attendance only for past meetings', async () => {
    const db = scale.connection.db;
    const asOf = scaleAsOf.toISOString().slice(0, 10);
    const rows = await db.select().from(cohorts);
    for (const cohort of rows) {
      expect(cohort.phase).toBe('rollout');
      expect(cohort.startsOn.slice(0, 4)).toBe('2019');
      if (cohort.status === 'planned') expect(cohort.startsOn > asOf).toBe(true);
      if (cohort.status === 'running') expect(cohort.startsOn <= asOf && asOf <= cohort.endsOn).toBe(true);
      if (cohort.status === 'closed' || cohort.status === 'evaluating') expect(cohort.endsOn < asOf).toBe(true);
    }
    const [meetings] = await db.select({ n: count() }).from(sessions);
    expect(meetings?.n).toBe(rows.length * 3);
    const held = await db
      .select({ startsAt: sessions.startsAt })
      .from(attendance)
      .innerJoin(sessions, eq(sessions.id, attendance.sessionId));
    expect(held.every((m) => m.startsAt < scaleAsOf)).toBe(true);
    expect(held.length / scaleSize).toBeGreaterThan(2);
    const [accounts] = await db.select({ n: count() }).from(users);
    expect(accounts?.n).toBe(0);
  });

  it('stores the xAPI statements the progress came from: started modules initialized, done ones completed', async () => {
    const db = scale.connection.db;
    const statements = await db
      .select({
        participantId: xapiStatements.participantId,
        activityIri: xapiStatements.activityIri,
        verb: xapiStatements.verb,
        email: participants.email,
        statement: xapiStatements.statement,
      })
      .from(xapiStatements)
      .innerJoin(participants, eq(participants.id, xapiStatements.participantId))
      .orderBy(asc(xapiStatements.sequence));
    const verbsOf = new Map<string, string[]>();
    for (const s of statements) {
      expect(s.statement).toMatchObject({ actor: { mbox: `mailto:${s.email}` } });
      const key = `${s.participantId} ${s.activityIri}`;
      verbsOf.set(key, [...(verbsOf.get(key) ?? []), s.verb.replace('http://adlnet.gov/expapi/verbs/', '')]);
    }
    const progress = await db
      .select({
        participantId: enrolments.participantId,
        activityIri: modules.activityIri,
        status: moduleProgress.status,
      })
      .from(moduleProgress)
      .innerJoin(enrolments, eq(enrolments.id, moduleProgress.enrolmentId))
      .innerJoin(modules, eq(modules.id, moduleProgress.moduleId));
    let started = 0;
    for (const row of progress) {
      const verbs = verbsOf.get(`${row.participantId} ${row.activityIri}`) ?? [];
      if (row.status === 'not_started') expect(verbs).toEqual([]);
      else {
        started += 1;
        expect(verbs[0]).toBe('initialized');
        expect(verbs.includes('completed')).toBe(row.status === 'completed');
      }
    }
    expect(started).toBeGreaterThan(0);
    expect(verbsOf.size).toBe(started);
  });

  it('is the same for the same size', async () => {
    await seedScale(scaleAgain.connection.db, { participants: scaleSize });
    const snapshot = async (t: TestDatabase) => ({
      emails: (await t.connection.db.select({ email: participants.email }).from(participants))
        .map((p) => p.email)
        .sort(),
      cohorts: (await t.connection.db.select({ name: cohorts.name, startsOn: cohorts.startsOn }).from(cohorts))
        .map((c) => `${c.name} ${c.startsOn}`)
        .sort(),
    });
    expect(await snapshot(scaleAgain)).toEqual(await snapshot(scale));
  }, 60_000);
});
