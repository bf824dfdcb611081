import {
  attendance,
  cohortModules,
  cohorts,
  type Database,
  enrolments,
  evaluations,
  loadContent,
  moduleProgress,
  modules,
  organisations,
  participants,
  pilotVersionPublishedAt,
  programmeVersions,
  revisedVersionPublishedAt,
  type StorySeedSummary,
  scaleAsOf,
  seedScale,
  seedStory,
  sessions,
  syncContent,
  users,
  xapiStatements,
} from '@loket/db';
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateCompletion } from '../../api/src/resources/enrolments/rules';
import { freshDatabase, type TestDatabase } from '../support/database';

let story: TestDatabase;
let storyAgain: TestDatabase;
let storyLater: TestDatabase;
let scale: TestDatabase;
let scaleAgain: TestDatabase;
let summary: StorySeedSummary;
const scaleSize = 500;
/** The day the seed runs: the story's last chapter is dated relative to it. */
const asOf = new Date();
/** Another day, months later: the pilot and the 2019 rollout must not change with it. */
const later = new Date(asOf.getTime() + 150 * 86_400_000);

beforeAll(async () => {
  [story, storyAgain, storyLater, scale, scaleAgain] = await Promise.all([
    freshDatabase(),
    freshDatabase(),
    freshDatabase(),
    freshDatabase(),
    freshDatabase(),
  ]);
  summary = await seedStory(story.connection.db, { asOf });
  await seedStory(storyAgain.connection.db, { asOf });
  await seedStory(storyLater.connection.db, { asOf: later });
}, 120_000);

afterAll(async () => {
  await Promise.all([story, storyAgain, storyLater, scale, scaleAgain].map((t) => t?.drop()));
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

const amsterdamDay = (instant: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(instant);

/** The cohorts with their version number, meetings and enrolments, as the checks below need them. */
async function groups(db: Database) {
  const rows = await db
    .select({ cohort: cohorts, versionNumber: programmeVersions.number })
    .from(cohorts)
    .innerJoin(programmeVersions, eq(programmeVersions.id, cohorts.programmeVersionId))
    .orderBy(asc(cohorts.startsOn));
  const meetings = await db.select().from(sessions).orderBy(asc(sessions.startsAt));
  const people = await db.select().from(enrolments);
  return rows.map(({ cohort, versionNumber }) => ({
    ...cohort,
    versionNumber,
    meetings: meetings.filter((m) => m.cohortId === cohort.id),
    enrolments: people.filter((e) => e.cohortId === cohort.id),
  }));
}

describe('the story seed: the network', () => {
  it('puts the nine POIs and the partners under the KB, and each library under its POI', async () => {
    const tree = await organisationTree(story.connection.db);
    const parentName = (name: string) => {
      const organisation = tree.named(name);
      return organisation && tree.parentOf(organisation)?.name;
    };
    expect(parentName('Bibliotheek Het Markiezaat')).toBe('Cubiss');
    expect(parentName('Bibliotheek Helmond-Peel')).toBe('Cubiss');
    expect(parentName('Bibliotheek Hilversum')).toBe('ProBiblio');
    expect(parentName('Bibliotheek Venlo')).toBe('Cubiss');
    expect(parentName('Bibliotheek Deventer')).toBe('Rijnbrink');
    expect(parentName('Bibliotheek Assen')).toBe('Biblionet Drenthe');
    const pois = tree.rows.filter((o) => o.kind === 'poi');
    expect(pois).toHaveLength(9);
    for (const organisation of [...pois, tree.named('Stichting Lezen'), tree.named('Stichting Lezen & Schrijven')]) {
      expect(organisation && tree.parentOf(organisation)?.name, organisation?.name).toBe('Koninklijke Bibliotheek');
    }
    expect(tree.named('Koninklijke Bibliotheek')).toMatchObject({ kind: 'national', shortName: 'KB', parentId: null });
    expect(parentName('Bibliotheek Helmond-Peel, vestiging Deurne')).toBe('Bibliotheek Helmond-Peel');
    for (const library of tree.rows.filter((o) => o.kind === 'library')) {
      expect(tree.parentOf(library)?.kind).toBe('poi');
      expect(tree.rows.filter((o) => o.parentId === library.id).length).toBeGreaterThanOrEqual(2);
    }
    expectConsistentPaths(tree);
  });

  it('gives everyone a unique work address at their library, and a workplace in its subtree', async () => {
    const db = story.connection.db;
    const people = await db
      .select({ email: participants.email, path: organisations.path })
      .from(participants)
      .innerJoin(organisations, eq(organisations.id, participants.organisationId));
    const libraries = await db.select().from(organisations).where(eq(organisations.kind, 'library'));
    expect(people).toHaveLength(summary.participants);
    expect(new Set(people.map((p) => p.email)).size).toBe(people.length);
    for (const person of people) {
      const library = libraries.find((l) => person.path.startsWith(l.path));
      expect(library, person.email).toBeDefined();
      expect(person.email).toMatch(/^[a-z]+\.[a-z]+\d*@[a-z-]+\.example$/);
      expect(person.email.endsWith(`@${library?.email?.split('@')[1]}`)).toBe(true);
    }
  });
});

describe('the story seed: two programme versions', () => {
  it('published version 1 before the pilot and the revised version 2, with four meetings, in March 2019', async () => {
    const db = story.connection.db;
    const versions = await db.select().from(programmeVersions).orderBy(asc(programmeVersions.number));
    expect(versions.map((v) => [v.number, v.status, v.publishedAt?.toISOString()])).toEqual([
      [1, 'retired', pilotVersionPublishedAt.toISOString()],
      [2, 'published', revisedVersionPublishedAt.toISOString()],
    ]);
    expect(versions.map((v) => v.meetingPlan.length)).toEqual([3, 4]);
    expect(versions[1]?.meetingPlan.map((m) => m.title)).toEqual([
      'Kick-off',
      'Teambijeenkomst 1',
      'Teambijeenkomst 2',
      'Slotbijeenkomst',
    ]);
    for (const version of versions) {
      const [chosen] = await db.select({ n: count() }).from(modules).where(eq(modules.programmeVersionId, version.id));
      expect(chosen?.n).toBe(6);
    }
  });

  it('made version 2 from content/ as it is, so starting Loket afterwards adds no version', async () => {
    const content = await loadContent();
    const sync = await syncContent(story.connection.db, content);
    expect(sync).toMatchObject({ created: false, versionNumber: 2, published: true });
  });
});

describe('the story seed: the pilot of 2018-2019', () => {
  it('ran a closed three-month pilot per library from November 2018 on version 1, with all 50 staff', async () => {
    const pilots = (await groups(story.connection.db)).filter((g) => g.phase === 'pilot');
    expect(pilots.map((c) => [c.name, c.status, c.startsOn, c.endsOn, c.versionNumber, c.enrolments.length])).toEqual([
      ['Pilot Bibliotheek Hilversum 2018', 'closed', '2018-11-05', '2019-02-05', 1, 17],
      ['Pilot Bibliotheek Het Markiezaat 2018', 'closed', '2018-11-13', '2019-02-13', 1, 17],
      ['Pilot Bibliotheek Helmond-Peel 2018', 'closed', '2018-11-15', '2019-02-15', 1, 16],
    ]);
    for (const pilot of pilots) {
      expect(pilot.meetings.map((m) => [m.type, m.sequence])).toEqual([
        ['kickoff', 1],
        ['team_meeting', 2],
        ['team_meeting', 3],
      ]);
      expect(pilot.meetings[0]?.startsAt.toISOString().slice(0, 10)).toBe(pilot.startsOn);
      for (const meeting of pilot.meetings) {
        expect(amsterdamClock(meeting.startsAt)).toBe('13:30');
        expect(meeting.locationOrganisationId).toBe(pilot.organisationId);
      }
      const completed = pilot.enrolments.filter((e) => e.status === 'completed');
      // Most finished it; a few missed a module or a meeting, or left.
      expect(completed.length / pilot.enrolments.length).toBeGreaterThan(0.65);
      expect(completed.length).toBeLessThan(pilot.enrolments.length);
      for (const e of completed) expect((e.completedAt?.toISOString() ?? '').slice(0, 10) <= pilot.endsOn).toBe(true);
    }
  });

  it('completed exactly the enrolments that meet the completion rule', async () => {
    const db = story.connection.db;
    const rule = (await db.select().from(programmeVersions))[0]?.completionRule;
    if (!rule) throw new Error('no version');
    const progress = await db.select().from(moduleProgress);
    const present = await db.select().from(attendance);
    const chosen = await db.select().from(cohortModules);
    let checked = 0;
    for (const group of await groups(db)) {
      for (const enrolment of group.enrolments) {
        const verdict = evaluateCompletion({
          rule,
          modules: chosen
            .filter((c) => c.cohortId === group.id)
            .map((c) => ({ id: c.moduleId, code: c.moduleId, title: '' })),
          progress: new Map(progress.filter((p) => p.enrolmentId === enrolment.id).map((p) => [p.moduleId, p.status])),
          sessions: group.meetings.map((m) => ({
            id: m.id,
            type: m.type,
            title: m.title,
            cancelled: false,
            counts: m.countsForCertificate,
          })),
          attendance: new Map(present.filter((a) => a.enrolmentId === enrolment.id).map((a) => [a.sessionId, a])),
        });
        if (enrolment.status === 'withdrawn') expect(enrolment.withdrawnAt).not.toBeNull();
        else expect(enrolment.status === 'completed', `${group.name}: ${enrolment.id}`).toBe(verdict.eligible);
        checked += 1;
      }
    }
    expect(checked).toBe(summary.enrolments);
    for (const { tracked, chosen: wanted } of await progressAgainstChosenModules(db)) expect(tracked).toEqual(wanted);
    for (const p of progress) {
      expect(p.startedAt === null).toBe(p.status === 'not_started');
      expect(p.completedAt === null).toBe(p.status !== 'completed');
    }
  });
});

describe('the story seed: the rollout from spring 2019', () => {
  it('started eight libraries in ten groups in 2019, on version 2 with four meetings, all closed now', async () => {
    const rollout = (await groups(story.connection.db)).filter((g) => g.startsOn.startsWith('2019'));
    expect(rollout).toHaveLength(10);
    expect(new Set(rollout.map((g) => g.organisationId)).size).toBe(8);
    expect((rollout[0]?.startsOn ?? '') > revisedVersionPublishedAt.toISOString().slice(0, 10)).toBe(true);
    for (const group of rollout) {
      expect([group.phase, group.status, group.versionNumber]).toEqual(['rollout', 'closed', 2]);
      expect(group.meetings.map((m) => m.title)).toEqual([
        'Kick-off',
        'Teambijeenkomst 1',
        'Teambijeenkomst 2',
        'Slotbijeenkomst',
      ]);
      expect(group.enrolments.filter((e) => e.status === 'completed').length).toBeGreaterThan(
        group.enrolments.length / 2,
      );
    }
  });
});

describe('the story seed: the groups of these months', () => {
  it('dates them around the day the seed runs: one closed, one evaluating, two running, one planned', async () => {
    const today = amsterdamDay(asOf);
    const recent = (await groups(story.connection.db)).filter((g) => g.startsOn > '2020-01-01');
    expect(recent.map((g) => g.status)).toEqual(['closed', 'evaluating', 'running', 'running', 'planned']);
    for (const group of recent) {
      expect(group.versionNumber).toBe(2);
      if (group.status === 'planned') expect(group.startsOn > today).toBe(true);
      if (group.status === 'running') expect(group.startsOn <= today && today <= group.endsOn).toBe(true);
      if (group.status === 'evaluating' || group.status === 'closed') expect(group.endsOn < today).toBe(true);
    }
    const planned = recent.find((g) => g.status === 'planned');
    expect(new Set(planned?.enrolments.map((e) => e.status))).toEqual(new Set(['invited']));
    const running = recent.filter((g) => g.status === 'running');
    for (const group of running) {
      expect(group.meetings.some((m) => m.startsAt < asOf)).toBe(true);
      expect(group.meetings.some((m) => m.startsAt > asOf)).toBe(true);
      expect(group.enrolments.some((e) => e.status === 'completed')).toBe(false);
    }
  });

  it('records attendance only for meetings that took place before the seed ran', async () => {
    const held = await story.connection.db
      .select({ startsAt: sessions.startsAt })
      .from(attendance)
      .innerJoin(sessions, eq(sessions.id, attendance.sessionId));
    expect(held.length).toBeGreaterThan(summary.enrolments * 2);
    expect(held.every((m) => m.startsAt < asOf)).toBe(true);
  });
});

describe('the story seed: certificates and evaluations', () => {
  it('plans a certificate for each eligible enrolment of a finished group, after its end, but one late finisher', async () => {
    const all = await groups(story.connection.db);
    const eligible = all
      .filter((g) => g.status === 'evaluating' || g.status === 'closed')
      .flatMap((g) => g.enrolments.filter((e) => e.status === 'completed'));
    const planned = new Set(summary.certificates.map((c) => c.enrolmentId));
    expect(planned.size).toBe(summary.certificates.length);
    expect(eligible.filter((e) => !planned.has(e.id))).toHaveLength(1);
    for (const certificate of summary.certificates) {
      const group = all.find((g) => g.enrolments.some((e) => e.id === certificate.enrolmentId));
      expect(group?.enrolments.find((e) => e.id === certificate.enrolmentId)?.status).toBe('completed');
      expect(certificate.issuedAt.toISOString().slice(0, 10) > (group?.endsOn ?? '')).toBe(true);
      expect(certificate.issuedAt < asOf).toBe(true);
    }
    expect(summary.certificates.filter((c) => c.issuedAt.getUTCFullYear() === 2019).length).toBeGreaterThan(80);
  });

  it('has evaluations of modules, meetings and whole groups with the version\u2019s questions and Dutch comments', async () => {
    const db = story.connection.db;
    const rows = await db
      .select({ evaluation: evaluations, cohortId: enrolments.cohortId, enrolmentStatus: enrolments.status })
      .from(evaluations)
      .innerJoin(enrolments, eq(enrolments.id, evaluations.enrolmentId));
    expect(rows).toHaveLength(summary.evaluations);
    const versions = await db.select().from(programmeVersions);
    const questions = versions[0]?.evaluationQuestions ?? [];
    for (const { evaluation } of rows) {
      expect(evaluation.rating).toBeGreaterThanOrEqual(1);
      expect(evaluation.rating).toBeLessThanOrEqual(5);
      expect(Object.keys(evaluation.answers).sort()).toEqual(
        questions
          .filter((q) => q.subject === evaluation.subjectType)
          .map((q) => q.code)
          .sort(),
      );
      expect(evaluation.createdAt < asOf).toBe(true);
    }
    const all = await groups(db);
    for (const group of all.filter((g) => g.status === 'closed')) {
      const own = rows.filter((r) => r.cohortId === group.id).map((r) => r.evaluation.subjectType);
      expect(new Set(own), group.name).toEqual(new Set(['module', 'session', 'cohort']));
    }
    const comments = rows.map((r) => r.evaluation.comment).filter((c): c is string => c !== null);
    expect(comments.length).toBeGreaterThan(rows.length / 5);
    expect(comments.some((c) => /\b(ik|je|we|het)\b/i.test(c))).toBe(true);
  });

  it('tells the pilot\u2019s lesson: its meetings were rated lower than the revised version\u2019s', async () => {
    const db = story.connection.db;
    const rows = await db
      .select({ rating: evaluations.rating, version: programmeVersions.number })
      .from(evaluations)
      .innerJoin(enrolments, eq(enrolments.id, evaluations.enrolmentId))
      .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
      .innerJoin(programmeVersions, eq(programmeVersions.id, cohorts.programmeVersionId))
      .where(eq(evaluations.subjectType, 'session'));
    const mean = (version: number) => {
      const ratings = rows.filter((r) => r.version === version).map((r) => r.rating);
      return ratings.reduce((a, b) => a + b, 0) / ratings.length;
    };
    expect(mean(1)).toBeLessThan(mean(2));
  });
});

describe('the story seed: the same on every run', () => {
  const snapshot = async (t: TestDatabase, before?: string) => {
    const db = t.connection.db;
    const rows = await groups(db);
    const chosen = before ? rows.filter((g) => g.startsOn < before) : rows;
    const ids = new Set(chosen.flatMap((g) => g.enrolments.map((e) => e.participantId)));
    const people = await db.select().from(participants).orderBy(asc(participants.email));
    return {
      groups: chosen.map((g) => [g.name, g.status, g.startsOn, g.enrolments.map((e) => e.status).sort()]),
      people: people
        .filter((p) => ids.has(p.id))
        .map((p) => [p.givenName, p.nameInfix, p.familyName, p.email, p.jobTitle]),
    };
  };

  it('gives the same people, groups and outcomes for the same day', async () => {
    expect(await snapshot(storyAgain)).toEqual(await snapshot(story));
    const evaluationsOf = async (t: TestDatabase) =>
      (await t.connection.db.select({ rating: evaluations.rating, comment: evaluations.comment }).from(evaluations))
        .map((e) => `${e.rating} ${e.comment}`)
        .sort();
    expect(await evaluationsOf(storyAgain)).toEqual(await evaluationsOf(story));
  });

  it('keeps the pilot and the 2019 rollout the same on any later day', async () => {
    expect(await snapshot(storyLater, '2020-01-01')).toEqual(await snapshot(story, '2020-01-01'));
    const [seeded] = await storyLater.connection.db.select({ n: count() }).from(users);
    expect(seeded?.n).toBe(0);
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
    expect(meetings?.n).toBe(rows.length * (await loadContent()).meetingPlan.length);
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
