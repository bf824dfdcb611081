import { randomUUID } from 'node:crypto';
import { modules, type Role } from '@loket/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../api/src/jobs/outbox';
import { type Permission, permissions, rolePermissions } from '../../api/src/lib/permissions';
import { startTestApp, type TestApp } from '../support/app';
import { courseInDatabase } from '../support/cmi5';
import { testMailing } from '../support/mailing';

/**
 * Every route × every role × a record inside and outside the caller's part of the country.
 * The world: two provinces (POI A with libraries A1 and A2, POI B with library B1); the callers
 * belong to POI A or library A1. "Outside" always means province B.
 */
/**
 * Who may do what, written out by hand on purpose and not taken from api/src/lib/permissions.ts: a
 * change in the policy needs a change here too, so a grant made by mistake fails this test.
 * One letter per role, in this order: admin, adviser, coordinator, facilitator, participant.
 */
const policyRoles = ['admin', 'adviser', 'coordinator', 'facilitator', 'participant'] as const satisfies Role[];
const policy: Record<Permission, string> = {
  'self:read': 'yyyyy',
  'catalogue:read': 'yyyyy',
  'programmes:publish': 'y----',
  'organisations:read': 'yyyy-',
  'organisations:write': 'yyy--',
  'organisations:create-top-level': 'y----',
  'participants:read': 'yyyyy',
  'participants:write': 'yyy--',
  'participants:privacy': 'y-y--',
  'cohorts:read': 'yyyyy',
  'cohorts:write': 'yy---',
  'enrolments:read': 'yyyyy',
  'enrolments:write': 'yyy--',
  'progress:write': 'yyy-y',
  'progress:record-by-hand': 'yyy--',
  'progress:reset': 'y----',
  'sessions:read': 'yyyyy',
  'sessions:write': 'yyy--',
  'attendance:write': 'yyyy-',
  'certificates:read': 'yyyyy',
  'certificates:issue': 'yyy--',
  'certificates:revoke': 'y----',
  'evaluations:read': 'yyyyy',
  'evaluations:write': '----y',
  'reports:read': 'yyyy-',
  'users:read': 'yyy--',
  'users:manage': 'y----',
  'clients:manage': 'y----',
  'identity-providers:manage': 'y----',
  'calendar:own': 'yyyyy',
  'audit:read': 'yy---',
  'metrics:read': 'y----',
  'webhooks:manage': 'y----',
  'events:read': 'y----',
  'notifications:read': 'yyy-y',
  'xapi:read': 'yyyyy',
  'xapi:manage': 'y----',
  'courses:manage': 'y----',
};
const grants = (role: Role, permission: Permission) => policy[permission][policyRoles.indexOf(role)] === 'y';

let t: TestApp;
const org = {} as Record<'poiA' | 'a1' | 'a2' | 'poiB' | 'b1', string>;
const person = {} as Record<'a1' | 'a1Other' | 'b1', string>;
const learning = {} as Record<
  | 'cohortA'
  | 'cohortB'
  | 'enrolmentA'
  | 'enrolmentB'
  | 'sessionA'
  | 'sessionB'
  | 'jobA'
  | 'jobB'
  | 'certificateA'
  | 'certificateB'
  | 'evaluationA'
  | 'evaluationB'
  | 'course',
  string
>;
let sessionsOfA: string[] = [];
/** A staff account inside (library A1) and outside (library B1) the callers' part of the country. */
const account = { a1: '', b1: '' };
/** A delivery to redeliver, and the messages the participant of library A was sent. */
let deliveryId = '';
let notificationsOfA: string[] = [];
const tokens = {} as Record<Role, string>;
const provinceB = new Set<string>();
let counter = 0;

type Side = 'inside' | 'outside';
interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: Record<string, unknown> | string;
  type?: string;
  headers?: Record<string, string>;
}
interface RouteCase {
  permission: Permission;
  /** item: one record (outside → 404); list: filtered (outside records never appear); create: outside → 422. */
  kind: 'item' | 'list' | 'create' | 'global';
  call: (side: Side, role: Role) => Promise<Call>;
  /** For lists: the ids a participant may see (their own records). */
  participantSees?: () => string[];
  /** Where a role is told no differently outside its scope (a participant about someone else: 403). */
  outsideStatus?: Partial<Record<Role, number>>;
}

async function admin(method: 'post' | 'patch', url: string, body: Record<string, unknown>) {
  const response = await t.http()[method](url).send(body);
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body as { id: string };
}

const proefcursist = { mbox: 'mailto:proefcursist@kb.example' };

/** A launch of the imported course's unit by the admin: a registration and a running session. */
async function courseLaunch() {
  const launched = await admin('post', `/v1/cmi5/courses/${learning.course}/assignable-units/0/launch`, {
    actor: proefcursist,
  });
  return launched as unknown as { registration: string; sessionId: string };
}

async function moduleId(code: string) {
  const listed = (await t.http().get('/v1/modules?limit=10')).body.data as Array<{ id: string; code: string }>;
  return listed.find((m) => m.code === code)?.id;
}

const unique = () => {
  counter += 1;
  return `${Date.now().toString(36)}${counter}`;
};
const branchIn = async (side: Side) =>
  (
    await admin('post', '/v1/organisations', {
      kind: 'branch',
      name: `Vestiging ${unique()}`,
      parentId: side === 'inside' ? org.a1 : org.b1,
    })
  ).id;
const participantIn = async (side: Side) =>
  (
    await admin('post', '/v1/participants', {
      organisationId: side === 'inside' ? org.a1 : org.b1,
      givenName: 'Test',
      familyName: `Persoon ${unique()}`,
      email: `p${unique()}@test.example`,
    })
  ).id;
/** A provider for a new library of province A: each organisation has one at most. */
const identityProviderBody = async () => {
  const key = unique();
  const library = (
    await admin('post', '/v1/organisations', { kind: 'library', name: `Bieb ${key}`, parentId: org.poiA })
  ).id;
  return {
    organisationId: library,
    name: `Entra ID ${key}`,
    issuerUrl: 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0',
    clientId: key,
    clientSecret: 'geheim',
    allowedDomains: [`bieb-${key}.example`],
  };
};
const identityProviderIn = async () => (await admin('post', '/v1/identity-providers', await identityProviderBody())).id;
/** The participant a caller may see: a participant sees only themselves. */
const visibleParticipant = async (side: Side) => (side === 'outside' ? person.b1 : person.a1);
const writableParticipant = async (side: Side) => participantIn(side);
const cohortIn = async (side: Side, status?: string) => {
  const cohort = await admin('post', '/v1/cohorts', {
    organisationId: side === 'inside' ? org.a1 : org.b1,
    phase: 'rollout',
    startsOn: '2019-03-04',
    endsOn: '2019-06-03',
    moduleCodes: ['boekstart', 'digitaalhuis'],
  });
  if (status) await admin('patch', `/v1/cohorts/${cohort.id}`, { status });
  return cohort.id;
};
const enrolmentIn = async (side: Side) => {
  const cohortId = side === 'inside' ? learning.cohortA : learning.cohortB;
  return (await admin('post', '/v1/enrolments', { cohortId, participantId: await participantIn(side) })).id;
};
const sessionIn = async (side: Side) =>
  (
    await admin('post', '/v1/sessions', {
      cohortId: side === 'inside' ? learning.cohortA : learning.cohortB,
      type: 'team_meeting',
      title: `Extra ${unique()}`,
      startsAt: '2019-04-01T12:00:00.000Z',
      endsAt: '2019-04-01T14:00:00.000Z',
    })
  ).id;
const bySide = (side: Side, inside: string, outside: string) => (side === 'inside' ? inside : outside);
/** A second cohort in which the person completes everything and gets their certificate. */
const certifiedIn = async (side: Side, participantId: string) => {
  const cohortId = await cohortIn(side, 'running');
  const enrolmentId = (await admin('post', '/v1/enrolments', { cohortId, participantId })).id;
  for (const code of ['boekstart', 'digitaalhuis']) {
    await t.http().put(`/v1/enrolments/${enrolmentId}/progress/${code}`).send({ status: 'completed' }).expect(200);
  }
  const meetings = (await t.http().get(`/v1/sessions?cohortId=${cohortId}`)).body.data as Array<{ id: string }>;
  for (const meeting of meetings) {
    await t
      .http()
      .put(`/v1/sessions/${meeting.id}/attendance`)
      .send({ records: [{ enrolmentId, status: 'present' }] })
      .expect(200);
  }
  return { cohortId, enrolmentId, certificateId: (await admin('post', '/v1/certificates', { enrolmentId })).id };
};
let certifiedEnrolments = { inside: '', outside: '' };
/** What the participant of library A1 owns: their cohorts, enrolments and those cohorts' meetings. */
const ownByParticipant = { cohorts: [] as string[], enrolments: [] as string[], sessions: [] as string[] };

const routes: Record<string, RouteCase> = {
  'GET /v1/me': { permission: 'self:read', kind: 'global', call: async () => ({ method: 'GET', url: '/v1/me' }) },
  'GET /v1/me/calendar-feed': {
    permission: 'calendar:own',
    kind: 'global',
    call: async (_side, role) => {
      await send({ method: 'POST', url: '/v1/me/calendar-feed' }, tokens[role]);
      return { method: 'GET', url: '/v1/me/calendar-feed' };
    },
  },
  'POST /v1/me/calendar-feed': {
    permission: 'calendar:own',
    kind: 'global',
    call: async () => ({ method: 'POST', url: '/v1/me/calendar-feed' }),
  },
  'DELETE /v1/me/calendar-feed': {
    permission: 'calendar:own',
    kind: 'global',
    call: async (_side, role) => {
      await send({ method: 'POST', url: '/v1/me/calendar-feed' }, tokens[role]);
      return { method: 'DELETE', url: '/v1/me/calendar-feed' };
    },
  },
  'GET /v1/identity-providers': {
    permission: 'identity-providers:manage',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/identity-providers' }),
  },
  'GET /v1/identity-providers/{id}': {
    permission: 'identity-providers:manage',
    kind: 'global',
    call: async () => ({ method: 'GET', url: `/v1/identity-providers/${await identityProviderIn()}` }),
  },
  'POST /v1/identity-providers': {
    permission: 'identity-providers:manage',
    kind: 'global',
    call: async () => ({ method: 'POST', url: '/v1/identity-providers', body: await identityProviderBody() }),
  },
  'PATCH /v1/identity-providers/{id}': {
    permission: 'identity-providers:manage',
    kind: 'global',
    call: async () => ({
      method: 'PATCH',
      url: `/v1/identity-providers/${await identityProviderIn()}`,
      body: { name: 'Hernoemd' },
    }),
  },
  'DELETE /v1/identity-providers/{id}': {
    permission: 'identity-providers:manage',
    kind: 'global',
    call: async () => ({ method: 'DELETE', url: `/v1/identity-providers/${await identityProviderIn()}` }),
  },
  'GET /v1/organisations': {
    permission: 'organisations:read',
    kind: 'list',
    call: async () => ({ method: 'GET', url: '/v1/organisations?limit=200' }),
  },
  'GET /v1/organisations/{id}': {
    permission: 'organisations:read',
    kind: 'item',
    call: async (side) => ({ method: 'GET', url: `/v1/organisations/${side === 'inside' ? org.a1 : org.b1}` }),
  },
  'POST /v1/organisations': {
    permission: 'organisations:write',
    kind: 'create',
    call: async (side) => ({
      method: 'POST',
      url: '/v1/organisations',
      body: { kind: 'branch', name: `Nieuwe vestiging ${unique()}`, parentId: side === 'inside' ? org.a1 : org.b1 },
    }),
  },
  'PATCH /v1/organisations/{id}': {
    permission: 'organisations:write',
    kind: 'item',
    call: async (side) => ({
      method: 'PATCH',
      url: `/v1/organisations/${await branchIn(side)}`,
      body: { city: 'Elders' },
    }),
  },
  'DELETE /v1/organisations/{id}': {
    permission: 'organisations:write',
    kind: 'item',
    call: async (side) => ({ method: 'DELETE', url: `/v1/organisations/${await branchIn(side)}` }),
  },
  'GET /v1/participants': {
    permission: 'participants:read',
    kind: 'list',
    call: async () => ({ method: 'GET', url: '/v1/participants?limit=200' }),
    participantSees: () => [person.a1],
  },
  'GET /v1/participants/{id}': {
    permission: 'participants:read',
    kind: 'item',
    call: async (side) => ({ method: 'GET', url: `/v1/participants/${await visibleParticipant(side)}` }),
  },
  'POST /v1/participants': {
    permission: 'participants:write',
    kind: 'create',
    call: async (side) => ({
      method: 'POST',
      url: '/v1/participants',
      body: {
        organisationId: side === 'inside' ? org.a1 : org.b1,
        givenName: 'Nieuw',
        familyName: `Persoon ${unique()}`,
        email: `n${unique()}@test.example`,
      },
    }),
  },
  'PATCH /v1/participants/{id}': {
    permission: 'participants:write',
    kind: 'item',
    call: async (side) => ({
      method: 'PATCH',
      url: `/v1/participants/${await writableParticipant(side)}`,
      body: { jobTitle: 'Baliemedewerker' },
    }),
  },
  'DELETE /v1/participants/{id}': {
    permission: 'participants:write',
    kind: 'item',
    call: async (side) => ({ method: 'DELETE', url: `/v1/participants/${await writableParticipant(side)}` }),
  },
  'GET /v1/participants/{id}/export': {
    permission: 'participants:privacy',
    kind: 'item',
    call: async (side) => ({
      method: 'GET',
      url: `/v1/participants/${side === 'inside' ? person.a1 : person.b1}/export`,
    }),
  },
  'POST /v1/participants/{id}/erasure': {
    permission: 'participants:privacy',
    kind: 'item',
    call: async (side) => ({ method: 'POST', url: `/v1/participants/${await participantIn(side)}/erasure` }),
  },
  'GET /v1/programmes': {
    permission: 'catalogue:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/programmes' }),
  },
  'GET /v1/programmes/{id}': {
    permission: 'catalogue:read',
    kind: 'global',
    call: async () => ({
      method: 'GET',
      url: `/v1/programmes/${(await t.http().get('/v1/programmes')).body.data[0].id}`,
    }),
  },
  // The same choices answer the same draft, so whichever role gets through adds one draft at most.
  'POST /v1/programmes/{id}/versions': {
    permission: 'programmes:publish',
    kind: 'global',
    call: async () => {
      const programme = (await t.http().get('/v1/programmes')).body.data[0];
      return {
        method: 'POST',
        url: `/v1/programmes/${programme.id}/versions`,
        body: {
          basedOnVersionId: programme.currentVersionId,
          moduleCodes: ['boekstart'],
          meetingPlan: [{ sequence: 1, weekOffset: 0, durationMinutes: 120 }],
        },
      };
    },
  },
  // Publishing the published version again is a no-op, so the matrix does not change the programme under other cases.
  'POST /v1/programmes/{id}/versions/{versionId}/publish': {
    permission: 'programmes:publish',
    kind: 'global',
    call: async () => {
      const programme = (await t.http().get('/v1/programmes')).body.data[0];
      return {
        method: 'POST',
        url: `/v1/programmes/${programme.id}/versions/${programme.currentVersionId}/publish`,
      };
    },
  },
  'GET /v1/modules': {
    permission: 'catalogue:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/modules' }),
  },
  'GET /v1/modules/{id}': {
    permission: 'catalogue:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: `/v1/modules/${(await t.http().get('/v1/modules')).body.data[0].id}` }),
  },
  'GET /v1/users': {
    permission: 'users:read',
    kind: 'list',
    call: async () => ({ method: 'GET', url: '/v1/users?limit=200' }),
  },
  'GET /v1/users/{id}': {
    permission: 'users:read',
    kind: 'item',
    call: async (side) => ({ method: 'GET', url: `/v1/users/${bySide(side, account.a1, account.b1)}` }),
  },
  'POST /v1/users': {
    permission: 'users:manage',
    kind: 'global',
    call: async () => ({
      method: 'POST',
      url: '/v1/users',
      body: {
        email: `u${unique()}@test.example`,
        displayName: 'X',
        role: 'coordinator',
        organisationId: org.a1,
        password: 'een lange zin als wachtwoord',
      },
    }),
  },
  'PATCH /v1/users/{id}': {
    permission: 'users:manage',
    kind: 'global',
    call: async () => ({
      method: 'PATCH',
      url: `/v1/users/${(await t.http().get('/v1/users?role=facilitator')).body.data[0].id}`,
      body: { displayName: 'Y' },
    }),
  },
  'GET /v1/api-clients': {
    permission: 'clients:manage',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/api-clients' }),
  },
  'GET /v1/api-clients/{id}': {
    permission: 'clients:manage',
    kind: 'global',
    call: async () => ({
      method: 'GET',
      url: `/v1/api-clients/${(await admin('post', '/v1/api-clients', { name: 'X', scopes: ['read:catalogue'] })).id}`,
    }),
  },
  'POST /v1/api-clients': {
    permission: 'clients:manage',
    kind: 'global',
    call: async () => ({ method: 'POST', url: '/v1/api-clients', body: { name: 'Y', scopes: ['read:catalogue'] } }),
  },
  'POST /v1/api-clients/{id}/revoke': {
    permission: 'clients:manage',
    kind: 'global',
    call: async () => ({
      method: 'POST',
      url: `/v1/api-clients/${(await admin('post', '/v1/api-clients', { name: 'Z', scopes: ['read:catalogue'] })).id}/revoke`,
    }),
  },
  'GET /v1/cohorts': {
    permission: 'cohorts:read',
    kind: 'list',
    call: async () => ({ method: 'GET', url: '/v1/cohorts?limit=200' }),
    participantSees: () => ownByParticipant.cohorts,
  },
  'GET /v1/cohorts/{id}': {
    permission: 'cohorts:read',
    kind: 'item',
    call: async (side) => ({ method: 'GET', url: `/v1/cohorts/${bySide(side, learning.cohortA, learning.cohortB)}` }),
  },
  'POST /v1/cohorts': {
    permission: 'cohorts:write',
    kind: 'create',
    call: async (side) => ({
      method: 'POST',
      url: '/v1/cohorts',
      body: {
        organisationId: bySide(side, org.a1, org.b1),
        phase: 'rollout',
        startsOn: '2019-09-02',
        endsOn: '2019-12-02',
      },
    }),
  },
  'PATCH /v1/cohorts/{id}': {
    permission: 'cohorts:write',
    kind: 'item',
    call: async (side) => ({ method: 'PATCH', url: `/v1/cohorts/${await cohortIn(side)}`, body: { name: 'Hernoemd' } }),
  },
  'DELETE /v1/cohorts/{id}': {
    permission: 'cohorts:write',
    kind: 'item',
    call: async (side) => ({ method: 'DELETE', url: `/v1/cohorts/${await cohortIn(side)}` }),
  },
  'GET /v1/enrolments': {
    permission: 'enrolments:read',
    kind: 'list',
    call: async () => ({ method: 'GET', url: '/v1/enrolments?limit=200' }),
    participantSees: () => ownByParticipant.enrolments,
  },
  'GET /v1/enrolments/{id}': {
    permission: 'enrolments:read',
    kind: 'item',
    call: async (side) => ({
      method: 'GET',
      url: `/v1/enrolments/${bySide(side, learning.enrolmentA, learning.enrolmentB)}`,
    }),
  },
  'POST /v1/enrolments': {
    permission: 'enrolments:write',
    kind: 'create',
    call: async (side) => ({
      method: 'POST',
      url: '/v1/enrolments',
      body: { cohortId: bySide(side, learning.cohortA, learning.cohortB), participantId: await participantIn(side) },
    }),
  },
  'PATCH /v1/enrolments/{id}': {
    permission: 'enrolments:write',
    kind: 'item',
    call: async (side) => ({
      method: 'PATCH',
      url: `/v1/enrolments/${await enrolmentIn(side)}`,
      body: { status: 'withdrawn' },
    }),
  },
  'GET /v1/cohorts/{id}/enrolments': {
    permission: 'enrolments:read',
    kind: 'item',
    call: async (side) => ({
      method: 'GET',
      url: `/v1/cohorts/${bySide(side, learning.cohortA, learning.cohortB)}/enrolments`,
    }),
  },
  'POST /v1/cohorts/{id}/enrolments': {
    permission: 'enrolments:write',
    kind: 'item',
    call: async (side) => ({
      method: 'POST',
      url: `/v1/cohorts/${bySide(side, learning.cohortA, learning.cohortB)}/enrolments`,
      body: { participantIds: [await participantIn(side)] },
    }),
  },
  'POST /v1/cohorts/{id}/enrolments/import': {
    permission: 'enrolments:write',
    kind: 'item',
    call: async (side) => ({
      method: 'POST',
      url: `/v1/cohorts/${bySide(side, learning.cohortA, learning.cohortB)}/enrolments/import`,
      type: 'text/csv',
      body: `voornaam;achternaam;e-mail\r\nNieuwe;Collega;c${unique()}@test.example\r\n`,
    }),
  },
  'PUT /v1/enrolments/{id}/progress/{moduleCode}': {
    permission: 'progress:write',
    kind: 'item',
    call: async (side) => ({
      method: 'PUT',
      url: `/v1/enrolments/${bySide(side, learning.enrolmentA, learning.enrolmentB)}/progress/boekstart`,
      body: { status: 'in_progress' },
    }),
  },
  'POST /v1/enrolments/{id}/progress/{moduleCode}/by-hand': {
    permission: 'progress:record-by-hand',
    kind: 'item',
    call: async (side) => ({
      method: 'POST',
      url: `/v1/enrolments/${bySide(side, learning.enrolmentA, learning.enrolmentB)}/progress/boekstart/by-hand`,
      body: { status: 'completed', reason: 'Elders afgerond' },
    }),
  },
  'POST /v1/enrolments/{id}/progress/{moduleCode}/reset': {
    permission: 'progress:reset',
    kind: 'item',
    call: async (side) => {
      const enrolmentId = await enrolmentIn(side);
      const done = await t.http().put(`/v1/enrolments/${enrolmentId}/progress/boekstart`).send({ status: 'completed' });
      expect(done.status).toBe(200);
      return {
        method: 'POST',
        url: `/v1/enrolments/${enrolmentId}/progress/boekstart/reset`,
        body: { reason: 'Per ongeluk afgevinkt' },
      };
    },
  },
  'POST /v1/enrolments/{id}/modules/{module}/launch': {
    permission: 'progress:write',
    kind: 'item',
    call: async (side) => ({
      method: 'POST',
      url: `/v1/enrolments/${bySide(side, learning.enrolmentA, learning.enrolmentB)}/modules/boekstart/launch`,
      body: {},
    }),
  },
  'POST /v1/enrolments/{id}/modules/{module}/waive': {
    permission: 'enrolments:write',
    kind: 'item',
    call: async (side) => ({
      method: 'POST',
      url: `/v1/enrolments/${await enrolmentIn(side)}/modules/boekstart/waive`,
      body: { reason: 'Administrative' },
    }),
  },
  'POST /v1/cmi5/sessions/{id}/abandon': {
    permission: 'enrolments:write',
    kind: 'item',
    call: async (side) => {
      const launched = await admin('post', `/v1/enrolments/${await enrolmentIn(side)}/modules/boekstart/launch`, {});
      return {
        method: 'POST',
        url: `/v1/cmi5/sessions/${(launched as unknown as { sessionId: string }).sessionId}/abandon`,
      };
    },
  },
  'POST /v1/cmi5/courses/{id}/assignable-units/{position}/launch': {
    permission: 'courses:manage',
    kind: 'global',
    call: async () => ({
      method: 'POST',
      url: `/v1/cmi5/courses/${learning.course}/assignable-units/0/launch`,
      body: { actor: proefcursist },
    }),
  },
  'POST /v1/cmi5/registrations/{registration}/assignable-units/{position}/waive': {
    permission: 'courses:manage',
    kind: 'global',
    call: async () => ({
      method: 'POST',
      url: `/v1/cmi5/registrations/${(await courseLaunch()).registration}/assignable-units/0/waive`,
      body: { reason: 'Administrative' },
    }),
  },
  'POST /v1/cmi5/course-sessions/{id}/abandon': {
    permission: 'courses:manage',
    kind: 'global',
    call: async () => ({
      method: 'POST',
      url: `/v1/cmi5/course-sessions/${(await courseLaunch()).sessionId}/abandon`,
    }),
  },
  'PUT /v1/modules/{id}/assignable-unit': {
    permission: 'courses:manage',
    kind: 'global',
    call: async () => ({
      method: 'PUT',
      url: `/v1/modules/${await moduleId('bibliotheek-op-school')}/assignable-unit`,
      body: { courseId: learning.course, position: 0 },
    }),
  },
  'DELETE /v1/modules/{id}/assignable-unit': {
    permission: 'courses:manage',
    kind: 'global',
    call: async () => ({
      method: 'DELETE',
      url: `/v1/modules/${await moduleId('bibliotheek-op-school')}/assignable-unit`,
    }),
  },
  'GET /v1/programmes/{id}/versions/{versionId}/cmi5.xml': {
    permission: 'catalogue:read',
    kind: 'global',
    call: async () => {
      const [module] = (await t.http().get('/v1/modules?limit=1')).body.data as Array<{ programmeVersionId: string }>;
      const [programme] = (await t.http().get('/v1/programmes')).body.data as Array<{ id: string }>;
      return { method: 'GET', url: `/v1/programmes/${programme?.id}/versions/${module?.programmeVersionId}/cmi5.xml` };
    },
  },
  'POST /v1/cmi5/courses': {
    permission: 'courses:manage',
    kind: 'global',
    call: async () => ({ method: 'POST', url: '/v1/cmi5/courses', type: 'application/xml', body: courseStructure }),
  },
  'GET /v1/cmi5/courses': {
    permission: 'catalogue:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/cmi5/courses' }),
  },
  'GET /v1/cmi5/courses/{id}': {
    permission: 'catalogue:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: `/v1/cmi5/courses/${await importedCourse()}` }),
  },
  'DELETE /v1/cmi5/courses/{id}': {
    permission: 'courses:manage',
    kind: 'global',
    call: async () => ({ method: 'DELETE', url: `/v1/cmi5/courses/${await importedCourse()}` }),
  },
  'GET /v1/me/enrolments': {
    permission: 'self:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/me/enrolments' }),
  },
  'GET /v1/me/evaluation-forms': {
    permission: 'self:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/me/evaluation-forms' }),
  },
  'GET /v1/sessions': {
    permission: 'sessions:read',
    kind: 'list',
    call: async () => ({ method: 'GET', url: `/v1/sessions?limit=200` }),
    participantSees: () => ownByParticipant.sessions,
  },
  'GET /v1/sessions/{id}': {
    permission: 'sessions:read',
    kind: 'item',
    call: async (side) => ({
      method: 'GET',
      url: `/v1/sessions/${bySide(side, learning.sessionA, learning.sessionB)}`,
    }),
  },
  'POST /v1/sessions': {
    permission: 'sessions:write',
    kind: 'create',
    call: async (side) => ({
      method: 'POST',
      url: '/v1/sessions',
      body: {
        cohortId: bySide(side, learning.cohortA, learning.cohortB),
        type: 'team_meeting',
        title: 'Extra bijeenkomst',
        startsAt: '2019-05-06T12:00:00.000Z',
        endsAt: '2019-05-06T14:00:00.000Z',
      },
    }),
  },
  'PATCH /v1/sessions/{id}': {
    permission: 'sessions:write',
    kind: 'item',
    call: async (side) => ({
      method: 'PATCH',
      url: `/v1/sessions/${await sessionIn(side)}`,
      body: { title: 'Verzet' },
    }),
  },
  'POST /v1/sessions/{id}/cancel': {
    permission: 'sessions:write',
    kind: 'item',
    call: async (side) => ({ method: 'POST', url: `/v1/sessions/${await sessionIn(side)}/cancel` }),
  },
  'GET /v1/sessions/{id}/attendance': {
    permission: 'sessions:read',
    kind: 'item',
    call: async (side) => ({
      method: 'GET',
      url: `/v1/sessions/${bySide(side, learning.sessionA, learning.sessionB)}/attendance`,
    }),
  },
  'PUT /v1/sessions/{id}/attendance': {
    permission: 'attendance:write',
    kind: 'item',
    call: async (side) => ({
      method: 'PUT',
      url: `/v1/sessions/${bySide(side, learning.sessionA, learning.sessionB)}/attendance`,
      body: { records: [] },
    }),
  },
  'GET /v1/certificates': {
    permission: 'certificates:read',
    kind: 'list',
    call: async () => ({ method: 'GET', url: '/v1/certificates?limit=200' }),
    participantSees: () => [learning.certificateA],
  },
  'GET /v1/certificates/{id}': {
    permission: 'certificates:read',
    kind: 'item',
    call: async (side) => ({
      method: 'GET',
      url: `/v1/certificates/${bySide(side, learning.certificateA, learning.certificateB)}`,
    }),
  },
  'GET /v1/certificates/{id}/credential': {
    permission: 'certificates:read',
    kind: 'item',
    call: async (side) => ({
      method: 'GET',
      url: `/v1/certificates/${bySide(side, learning.certificateA, learning.certificateB)}/credential`,
    }),
  },
  'GET /v1/certificates/{id}/pdf': {
    permission: 'certificates:read',
    kind: 'item',
    call: async (side) => ({
      method: 'GET',
      url: `/v1/certificates/${bySide(side, learning.certificateA, learning.certificateB)}/pdf`,
    }),
  },
  'POST /v1/certificates': {
    permission: 'certificates:issue',
    kind: 'create',
    call: async (side) => ({
      method: 'POST',
      url: '/v1/certificates',
      body: { enrolmentId: certifiedEnrolments[side] },
    }),
  },
  'POST /v1/cohorts/{id}/certificates': {
    permission: 'certificates:issue',
    kind: 'item',
    call: async (side) => ({
      method: 'POST',
      url: `/v1/cohorts/${bySide(side, learning.cohortA, learning.cohortB)}/certificates`,
    }),
  },
  'GET /v1/jobs/{id}': {
    permission: 'certificates:issue',
    kind: 'item',
    call: async (side) => ({ method: 'GET', url: `/v1/jobs/${bySide(side, learning.jobA, learning.jobB)}` }),
  },
  'POST /v1/certificates/{id}/revoke': {
    permission: 'certificates:revoke',
    kind: 'item',
    call: async (side) => ({
      method: 'POST',
      url: `/v1/certificates/${bySide(side, learning.certificateA, learning.certificateB)}/revoke`,
      body: { reason: 'Controle van de matrix' },
    }),
  },
  'GET /v1/evaluations': {
    permission: 'evaluations:read',
    kind: 'list',
    call: async () => ({ method: 'GET', url: '/v1/evaluations?limit=200' }),
    participantSees: () => [learning.evaluationA],
  },
  'GET /v1/evaluations/{id}': {
    permission: 'evaluations:read',
    kind: 'item',
    call: async (side) => ({
      method: 'GET',
      url: `/v1/evaluations/${bySide(side, learning.evaluationA, learning.evaluationB)}`,
    }),
  },
  'POST /v1/evaluations': {
    permission: 'evaluations:write',
    kind: 'create',
    call: async (side) => ({
      method: 'POST',
      url: '/v1/evaluations',
      body: {
        enrolmentId: bySide(side, learning.enrolmentA, learning.enrolmentB),
        subjectType: 'session',
        subjectId: bySide(side, learning.sessionA, learning.sessionB),
        rating: 4,
      },
    }),
  },
  'PATCH /v1/evaluations/{id}': {
    permission: 'evaluations:write',
    kind: 'item',
    call: async (side) => ({
      method: 'PATCH',
      url: `/v1/evaluations/${bySide(side, learning.evaluationA, learning.evaluationB)}`,
      body: { comment: 'Aangepast' },
    }),
  },
  'GET /v1/reports/progress': {
    permission: 'reports:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/reports/progress?groupBy=poi' }),
  },
  'GET /v1/reports/rollout': {
    permission: 'reports:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/reports/rollout' }),
  },
  'GET /v1/reports/attendance': {
    permission: 'reports:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/reports/attendance' }),
  },
  'GET /v1/reports/certificates': {
    permission: 'reports:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/reports/certificates?format=csv' }),
  },
  'GET /v1/exports/participants': {
    permission: 'participants:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/exports/participants' }),
  },
  'GET /v1/exports/enrolments': {
    permission: 'enrolments:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/exports/enrolments?excel=true' }),
  },
  'GET /v1/exports/attendance': {
    permission: 'enrolments:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/exports/attendance' }),
  },
  'GET /v1/exports/xapi-statements': {
    permission: 'enrolments:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/exports/xapi-statements' }),
  },
  'GET /v1/reports/evaluations': {
    permission: 'reports:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/reports/evaluations?groupBy=library' }),
  },
  // Every valid statement is stored: one about a person outside the caller's scope is kept linked
  // to nobody (see lrs.test.ts); a participant may report only about themselves.
  'POST /v1/xapi/statements': {
    permission: 'progress:write',
    kind: 'create',
    outsideStatus: { participant: 403, adviser: 200, coordinator: 200 },
    call: async (side) => ({
      method: 'POST',
      url: '/v1/xapi/statements',
      headers: xapiVersion,
      body: statementAbout(side === 'inside' ? person.a1 : person.b1),
    }),
  },
  'PUT /v1/xapi/statements': {
    permission: 'progress:write',
    kind: 'create',
    outsideStatus: { participant: 403, adviser: 204, coordinator: 204 },
    call: async (side) => ({
      method: 'PUT',
      url: `/v1/xapi/statements?statementId=${randomUUID()}`,
      headers: xapiVersion,
      body: statementAbout(side === 'inside' ? person.a1 : person.b1),
    }),
  },
  'GET /v1/xapi/statements': {
    permission: 'xapi:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/xapi/statements', headers: xapiVersion }),
  },
  ...documentRoutes(
    '/v1/xapi/activities/state',
    () => `${stateKeys()}&stateId=${randomUUID()}`,
    () => stateKeys(),
  ),
  ...documentRoutes(
    '/v1/xapi/activities/profile',
    () => `activityId=${encodeURIComponent(activityIri)}&profileId=${randomUUID()}`,
    () => `activityId=${encodeURIComponent(activityIri)}`,
  ),
  ...documentRoutes(
    '/v1/xapi/agents/profile',
    () => `agent=${agentOf(person.a1)}&profileId=${randomUUID()}`,
    () => `agent=${agentOf(person.a1)}`,
  ),
  'GET /v1/xapi/activities': {
    permission: 'xapi:read',
    kind: 'global',
    call: async () => ({
      method: 'GET',
      url: `/v1/xapi/activities?activityId=${encodeURIComponent(activityIri)}`,
      headers: xapiVersion,
    }),
  },
  'GET /v1/xapi/agents': {
    permission: 'xapi:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: `/v1/xapi/agents?agent=${agentOf(person.a1)}`, headers: xapiVersion }),
  },
  'GET /v1/xapi-agents/unlinked': {
    permission: 'xapi:manage',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/xapi-agents/unlinked' }),
  },
  'POST /v1/xapi-agents/links': {
    permission: 'xapi:manage',
    kind: 'global',
    call: async () => ({
      method: 'POST',
      url: '/v1/xapi-agents/links',
      body: { actor: { mbox: 'mailto:prive@elders.example' }, participantId: person.a1 },
    }),
  },
  'GET /v1/webhook-subscriptions': {
    permission: 'webhooks:manage',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/webhook-subscriptions' }),
  },
  'POST /v1/webhook-subscriptions': {
    permission: 'webhooks:manage',
    kind: 'global',
    call: async () => ({ method: 'POST', url: '/v1/webhook-subscriptions', body: webhookBody() }),
  },
  'GET /v1/webhook-subscriptions/{id}': {
    permission: 'webhooks:manage',
    kind: 'global',
    call: async () => ({ method: 'GET', url: `/v1/webhook-subscriptions/${await subscription()}` }),
  },
  'PATCH /v1/webhook-subscriptions/{id}': {
    permission: 'webhooks:manage',
    kind: 'global',
    call: async () => ({
      method: 'PATCH',
      url: `/v1/webhook-subscriptions/${await subscription()}`,
      body: { active: false },
    }),
  },
  'DELETE /v1/webhook-subscriptions/{id}': {
    permission: 'webhooks:manage',
    kind: 'global',
    call: async () => ({ method: 'DELETE', url: `/v1/webhook-subscriptions/${await subscription()}` }),
  },
  'POST /v1/webhook-subscriptions/{id}/rotate-secret': {
    permission: 'webhooks:manage',
    kind: 'global',
    call: async () => ({ method: 'POST', url: `/v1/webhook-subscriptions/${await subscription()}/rotate-secret` }),
  },
  'GET /v1/webhook-subscriptions/{id}/deliveries': {
    permission: 'webhooks:manage',
    kind: 'global',
    call: async () => ({ method: 'GET', url: `/v1/webhook-subscriptions/${await subscription()}/deliveries` }),
  },
  'POST /v1/webhook-deliveries/{id}/redeliver': {
    permission: 'webhooks:manage',
    kind: 'global',
    call: async () => ({ method: 'POST', url: `/v1/webhook-deliveries/${deliveryId}/redeliver` }),
  },
  // Scoped for API clients (see events.test.ts); among people only the KB reads the national feed.
  'GET /v1/events': {
    permission: 'events:read',
    kind: 'global',
    call: async () => ({ method: 'GET', url: '/v1/events' }),
  },
  'GET /v1/notifications': {
    permission: 'notifications:read',
    kind: 'list',
    call: async () => ({ method: 'GET', url: '/v1/notifications?limit=200' }),
    participantSees: () => notificationsOfA,
  },
  'GET /v1/audit-events': {
    permission: 'audit:read',
    kind: 'list',
    call: async () => ({ method: 'GET', url: '/v1/audit-events?limit=200' }),
  },
};

/** A cmi5 course package: a cmi5.xml whose one assignable unit has a fully qualified URL. */
const courseStructure = `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://cursus.example/lfb">
    <title><langstring lang="nl-NL">Cursus</langstring></title>
    <description><langstring lang="nl-NL">Cursus</langstring></description>
  </course>
  <au id="https://cursus.example/lfb/les-1">
    <title><langstring lang="nl-NL">Les 1</langstring></title>
    <description><langstring lang="nl-NL">Les 1</langstring></description>
    <url>https://cursus.example/lfb/les-1/index.html</url>
  </au>
</courseStructure>`;
const importedCourse = async () => {
  const response = await t.http().post('/v1/cmi5/courses').type('application/xml').send(courseStructure);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
};
const webhookBody = () => ({ url: 'https://lms.bibliotheek.example/loket', eventTypes: ['certificate.issued'] });
const subscription = async () => (await admin('post', '/v1/webhook-subscriptions', webhookBody())).id;

const xapiVersion = { 'x-experience-api-version': '1.0.3' };
const activityIri = 'https://loket.kb.example/xapi/lfb/modules/boekstart';
const agentOf = (participantId: string) =>
  encodeURIComponent(JSON.stringify({ account: { homePage: 'http://localhost:3000', name: participantId } }));
/** A state of the participant of library A: whoever has them in scope keeps it, they themselves too. */
const stateKeys = () => `activityId=${encodeURIComponent(activityIri)}&agent=${agentOf(person.a1)}`;

/** The four operations of a document resource: writes need progress:write, reads xapi:read. */
function documentRoutes(path: string, one: () => string, all: () => string): Record<string, RouteCase> {
  const call = (method: Call['method'], query: string, body?: Record<string, unknown>): Call => ({
    method,
    url: `${path}?${query}`,
    headers: { ...xapiVersion, ...(method === 'PUT' ? { 'if-none-match': '*' } : {}) },
    ...(body ? { body } : {}),
  });
  return {
    [`PUT ${path}`]: { permission: 'progress:write', kind: 'global', call: async () => call('PUT', one(), { a: 1 }) },
    [`POST ${path}`]: { permission: 'progress:write', kind: 'global', call: async () => call('POST', one(), { a: 1 }) },
    [`GET ${path}`]: { permission: 'xapi:read', kind: 'global', call: async () => call('GET', all()) },
    [`DELETE ${path}`]: { permission: 'progress:write', kind: 'global', call: async () => call('DELETE', one()) },
  };
}
/** What an e-learning player reports: progress on the BoekStart module, by a participant's account. */
const statementAbout = (participantId: string) => ({
  actor: { objectType: 'Agent', account: { homePage: 'http://localhost:3000', name: participantId } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/progressed', display: { 'nl-NL': 'gevorderd' } },
  object: { objectType: 'Activity', id: 'https://loket.kb.example/xapi/lfb/modules/boekstart' },
});

/** Routes anyone may call; their behaviour is covered by the authentication tests. */
const publicRoutes = new Set([
  'POST /v1/auth/token',
  'POST /v1/auth/revoke',
  'GET /v1/verify/{code}',
  'GET /v1/issuer',
  'GET /v1/achievements/{id}',
  'GET /v1/achievements/{id}/image.svg',
  'GET /v1/status-lists/{id}',
  'GET /v1/xapi/about',
  'GET /v1/auth/oidc/provider',
  'GET /v1/auth/oidc/start',
  'GET /v1/auth/oidc/callback',
  'GET /v1/calendar/{token}.ics',
  'POST /v1/cmi5/fetch/{key}',
]);

async function send(call: Call, token: string) {
  const agent = t.http(token);
  const method = call.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
  const request = agent[method](call.url);
  if (call.type) request.type(call.type);
  for (const [name, value] of Object.entries(call.headers ?? {})) request.set(name, value);
  return call.body ? request.send(call.body) : request;
}

beforeAll(async () => {
  t = await startTestApp();
  // A module with e-learning to launch (content/ gives none a launch URL yet).
  await t.database.connection.db
    .update(modules)
    .set({ launchUrl: 'https://cursus.example/lfb/boekstart/' })
    .where(eq(modules.code, 'boekstart'));
  // An imported course to launch, try and waive in.
  learning.course = await courseInDatabase(t.database.connection.db, 'https://cursus.example/proef', [
    { publisherId: 'https://cursus.example/proef/au', url: 'https://cursus.example/proef/index.html' },
  ]);
  org.poiA = (await admin('post', '/v1/organisations', { kind: 'poi', name: 'Cubiss', parentId: t.kb.id })).id;
  org.a1 = (
    await admin('post', '/v1/organisations', { kind: 'library', name: 'Bibliotheek Helmond-Peel', parentId: org.poiA })
  ).id;
  org.a2 = (
    await admin('post', '/v1/organisations', {
      kind: 'library',
      name: 'Bibliotheek Het Markiezaat',
      parentId: org.poiA,
    })
  ).id;
  org.poiB = (await admin('post', '/v1/organisations', { kind: 'poi', name: 'ProBiblio', parentId: t.kb.id })).id;
  org.b1 = (
    await admin('post', '/v1/organisations', { kind: 'library', name: 'Bibliotheek Hilversum', parentId: org.poiB })
  ).id;
  person.a1 = await participantIn('inside');
  person.a1Other = await participantIn('inside');
  person.b1 = await participantIn('outside');
  tokens.admin = t.adminToken;
  tokens.adviser = await t.tokenFor('adviser', { organisationId: org.poiA });
  tokens.coordinator = await t.tokenFor('coordinator', { organisationId: org.a1 });
  tokens.facilitator = await t.tokenFor('facilitator', { organisationId: org.a1 });
  tokens.participant = await t.tokenFor('participant', { participantId: person.a1 });
  const facilitatorId = (await t.http(tokens.facilitator).get('/v1/me')).body.id;
  account.a1 = facilitatorId;
  account.b1 = (
    await admin('post', '/v1/users', {
      email: 'coordinator@hilversum.test.example',
      displayName: 'Coördinator Hilversum',
      role: 'coordinator',
      organisationId: org.b1,
      password: 'een lange zin als wachtwoord',
    })
  ).id;
  provinceB.add(account.b1);
  learning.cohortA = await cohortIn('inside', 'running');
  await admin('patch', `/v1/cohorts/${learning.cohortA}`, { facilitatorUserIds: [facilitatorId] });
  learning.cohortB = await cohortIn('outside', 'running');
  learning.enrolmentA = (
    await admin('post', '/v1/enrolments', { cohortId: learning.cohortA, participantId: person.a1 })
  ).id;
  learning.enrolmentB = (
    await admin('post', '/v1/enrolments', { cohortId: learning.cohortB, participantId: person.b1 })
  ).id;
  sessionsOfA = (await t.http().get(`/v1/sessions?cohortId=${learning.cohortA}`)).body.data.map(
    (s: { id: string }) => s.id,
  );
  const sessionsOfB = (await t.http().get(`/v1/sessions?cohortId=${learning.cohortB}`)).body.data.map(
    (s: { id: string }) => s.id,
  );
  learning.sessionA = sessionsOfA[0] as string;
  learning.sessionB = sessionsOfB[0] as string;
  const certifiedA = await certifiedIn('inside', person.a1);
  const certifiedB = await certifiedIn('outside', person.b1);
  learning.certificateA = certifiedA.certificateId;
  learning.certificateB = certifiedB.certificateId;
  certifiedEnrolments = { inside: certifiedA.enrolmentId, outside: certifiedB.enrolmentId };
  const evaluate = async (token: string, enrolmentId: string, cohortId: string) => {
    const response = await t
      .http(token)
      .post('/v1/evaluations')
      .send({ enrolmentId, subjectType: 'cohort', subjectId: cohortId, rating: 4 });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id as string;
  };
  learning.evaluationA = await evaluate(tokens.participant, learning.enrolmentA, learning.cohortA);
  learning.jobA = (await admin('post', `/v1/cohorts/${learning.cohortA}/certificates`, {})).id;
  learning.jobB = (await admin('post', `/v1/cohorts/${learning.cohortB}/certificates`, {})).id;
  learning.evaluationB = await evaluate(
    await t.tokenFor('participant', { participantId: person.b1 }),
    learning.enrolmentB,
    learning.cohortB,
  );
  const sessionsOfCertifiedA = (await t.http().get(`/v1/sessions?cohortId=${certifiedA.cohortId}`)).body.data.map(
    (s: { id: string }) => s.id,
  );
  ownByParticipant.cohorts = [learning.cohortA, certifiedA.cohortId];
  ownByParticipant.enrolments = [learning.enrolmentA, certifiedA.enrolmentId];
  ownByParticipant.sessions = [...sessionsOfA, ...sessionsOfCertifiedA];
  for (const id of [
    org.poiB,
    org.b1,
    person.b1,
    learning.cohortB,
    learning.enrolmentB,
    ...sessionsOfB,
    certifiedB.cohortId,
    certifiedB.enrolmentId,
    certifiedB.certificateId,
    learning.evaluationB,
    learning.jobB,
  ]) {
    provinceB.add(id);
  }
  // Activity in province B that must never show up for callers in province A.
  await admin('patch', `/v1/participants/${person.b1}`, { jobTitle: 'Teamleider' });
  // The outbox's work, done here without workers: a delivery for a subscription, and the e-mails
  // (kept, as no mail server is configured) to everyone enrolled or certified above.
  await subscription();
  const dispatched = await dispatchOutbox(t.app.db, await testMailing());
  deliveryId = dispatched.deliveryIds[0] ?? '';
  expect(deliveryId).not.toBe('');
  notificationsOfA = (await t.http().get(`/v1/notifications?limit=200&participantId=${person.a1}`)).body.data.map(
    (n: { id: string }) => n.id,
  );
  expect(notificationsOfA.length).toBeGreaterThan(0);
});

afterAll(async () => {
  await t.close();
});

describe('the access matrix', () => {
  it('is the policy the implementation grants, permission by permission', () => {
    for (const role of policyRoles) {
      expect([...rolePermissions[role]].sort(), role).toEqual(permissions.filter((p) => grants(role, p)).sort());
    }
  });

  it('covers every route of the API', async () => {
    const document = (await t.http().get('/v1/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    const missing = documented.filter((route) => !(route in routes) && !publicRoutes.has(route));
    expect(missing).toEqual([]);
  });

  for (const [route, spec] of Object.entries(routes)) {
    for (const role of policyRoles) {
      const allowed = grants(role, spec.permission);
      const sides: Side[] = spec.kind === 'global' ? ['inside'] : ['inside', 'outside'];
      for (const side of sides) {
        // The admin is national: for them, nothing is outside.
        const outsideForCaller = side === 'outside' && role !== 'admin';
        const override = outsideForCaller ? spec.outsideStatus?.[role] : undefined;
        const expectation = !allowed
          ? '403'
          : override
            ? String(override)
            : spec.kind === 'list'
              ? 'no foreign records'
              : !outsideForCaller
                ? '2xx'
                : spec.kind === 'create'
                  ? '422'
                  : '404';
        it(`${route} as ${role}, ${side} their scope: ${expectation}`, async () => {
          const call = await spec.call(side, role);
          const response = await send(call, tokens[role]);
          if (expectation === '403' || override) {
            expect(response.status, JSON.stringify(response.body)).toBe(override ?? 403);
          } else if (expectation === '404') {
            expect(response.status, JSON.stringify(response.body)).toBe(404);
            expect(JSON.stringify(response.body)).not.toMatch(/Hilversum|ProBiblio|Persoon/);
          } else if (expectation === '422') {
            expect(response.status, JSON.stringify(response.body)).toBe(422);
            expect(JSON.stringify(response.body)).not.toMatch(/Hilversum|ProBiblio/);
          } else if (expectation === '2xx') {
            expect(response.status, JSON.stringify(response.body)).toBeGreaterThanOrEqual(200);
            expect(response.status).toBeLessThan(300);
          } else {
            expect(response.status, JSON.stringify(response.body)).toBe(200);
            const data = response.body.data as Array<Record<string, unknown>>;
            // The total counts exactly what the caller may see (all of it fits on one page here).
            if (response.body.page.nextCursor === null) expect(response.body.page.total).toBe(data.length);
            const ids = data.flatMap((r) =>
              [r.id, r.organisationId, r.resourceId, r.parentId, r.cohortId, r.participantId].filter(Boolean),
            );
            if (role !== 'admin') expect(ids.filter((id) => provinceB.has(String(id)))).toEqual([]);
            if (role === 'admin') expect(ids.some((id) => provinceB.has(String(id)))).toBe(true);
            if (role === 'participant')
              expect(new Set(data.map((r) => r.id))).toEqual(new Set(spec.participantSees?.() ?? []));
          }
        });
      }
    }
  }
});

describe('an adviser of one province', () => {
  it('cannot filter, search or page their way into another province', async () => {
    const adviser = tokens.adviser;
    const byFilter = await t.http(adviser).get(`/v1/participants?organisationId=${org.b1}`);
    expect(byFilter.body).toMatchObject({ data: [], page: { total: 0 } });
    const bySubtree = await t.http(adviser).get(`/v1/organisations?within=${org.poiB}`);
    expect(bySubtree.body.page.total).toBe(0);
    const byParent = await t.http(adviser).get(`/v1/organisations?parentId=${org.poiB}`);
    expect(byParent.body.page.total).toBe(0);
    const bySearch = await t.http(adviser).get('/v1/organisations?q=Hilversum');
    expect(bySearch.body.page.total).toBe(0);
    const moveIn = await t.http(adviser).patch(`/v1/organisations/${org.a2}`).send({ parentId: org.poiB });
    expect(moveIn.status).toBe(422);
    const audit = await t.http(adviser).get(`/v1/audit-events?resourceId=${person.b1}`);
    expect(audit.body.page.total).toBe(0);
  });

  it('cannot create or change POIs or national organisations', async () => {
    const response = await t
      .http(tokens.adviser)
      .post('/v1/organisations')
      .send({ kind: 'poi', name: 'Eigen POI', parentId: t.kb.id });
    expect(response.status).toBe(403);
    const own = await t.http(tokens.adviser).patch(`/v1/organisations/${org.poiA}`).send({ name: 'Hernoemd' });
    expect(own.status).toBe(403);
  });
});
