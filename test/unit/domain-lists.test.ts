/**
 * Every domain list is written once (db/src/schema) and derived everywhere else. This test fails
 * when one of the places that must agree does not: the database's check constraint as the committed
 * migrations leave it, the API's TypeBox schema, the committed OpenAPI document, the generated
 * client the admin takes its choices from, and the admin's words for the audit log.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as client from '@loket/client';
import {
  actorTypes,
  apiClientScopes,
  attendanceStatuses,
  auditActions,
  auditResourceTypes,
  cmi5LaunchModes,
  cmi5SessionStatuses,
  cohortPhases,
  cohortStatuses,
  deliveryStatuses,
  enrolmentStatuses,
  evaluationSubjects,
  jobStatuses,
  notificationKinds,
  notificationStatuses,
  organisationKinds,
  programmeVersionStatuses,
  progressStatuses,
  roles,
  sessionStates,
  sessionStatuses,
  sessionTypes,
  subscriptionOwnerTypes,
  xapiDocumentKinds,
} from '@loket/db';
import { describe, expect, it } from 'vitest';
import { clientScopes as adminScopes } from '../../admin/src/api-clients/scopes';
import { messages as auditMessages } from '../../admin/src/audit-events/messages';
import { ApiClientCreate } from '../../api/src/resources/api-clients/schema';
import { AuditEvent } from '../../api/src/resources/audit-events/schema';
import { Cohort } from '../../api/src/resources/cohorts/schema';
import { Enrolment, ModuleProgress } from '../../api/src/resources/enrolments/schema';
import { Evaluation } from '../../api/src/resources/evaluations/schema';
import { Job } from '../../api/src/resources/jobs/schema';
import { Notification } from '../../api/src/resources/notifications/schema';
import { Organisation } from '../../api/src/resources/organisations/schema';
import { ProgrammeVersionSummary } from '../../api/src/resources/programmes/schema';
import { AttendanceRecord, Session } from '../../api/src/resources/sessions/schema';
import { User } from '../../api/src/resources/users/schema';
import { WebhookDelivery, WebhookSubscription } from '../../api/src/resources/webhooks/schema';

const repo = (path: string) => new URL(`../../${path}`, import.meta.url).pathname;

/** The check constraints of the newest migration snapshot: what the database enforces. */
const snapshotChecks = (() => {
  const meta = repo('db/migrations/meta');
  const newest = readdirSync(meta)
    .filter((file) => file.endsWith('_snapshot.json'))
    .sort()
    .at(-1);
  if (!newest) throw new Error('no migration snapshot');
  const snapshot = JSON.parse(readFileSync(join(meta, newest), 'utf8')) as {
    tables: Record<string, { checkConstraints?: Record<string, { value: string }> }>;
  };
  return new Map(
    Object.values(snapshot.tables).flatMap((table) =>
      Object.entries(table.checkConstraints ?? {}).map(([name, check]) => [name, check.value] as const),
    ),
  );
})();

/** `"t"."c" in ('a', 'b')` → ['a', 'b']. */
function valuesOfCheck(name: string): string[] {
  const value = snapshotChecks.get(name);
  const list = value?.match(/ in \((.*)\)$/)?.[1] ?? value?.match(/ <@ array\[(.*)\]::text\[\]$/)?.[1];
  if (!list)
    throw new Error(`${name} is not a check of the form "column in (...)" or "column <@ array[...]": ${value}`);
  return [...list.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
}

const openapi = JSON.parse(readFileSync(repo('openapi/openapi.json'), 'utf8')) as {
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
};

/** The enum of a property, seen through an array's items. */
function enumOf(schema: unknown): unknown {
  const s = schema as { enum?: unknown; items?: { enum?: unknown } } | undefined;
  return s?.enum ?? s?.items?.enum;
}

interface DomainList {
  name: string;
  values: readonly string[];
  check: string | null;
  /** The TypeBox object, its OpenAPI component name and the property holding the list. */
  typebox: { properties: Record<string, unknown> };
  component: string;
  property: string;
  clientValues: readonly string[];
}

const lists: DomainList[] = [
  {
    name: 'cohort statuses',
    values: cohortStatuses,
    check: 'cohorts_status_check',
    typebox: Cohort,
    component: 'Cohort',
    property: 'status',
    clientValues: client.cohortStatusValues,
  },
  {
    name: 'cohort phases',
    values: cohortPhases,
    check: 'cohorts_phase_check',
    typebox: Cohort,
    component: 'Cohort',
    property: 'phase',
    clientValues: client.cohortPhaseValues,
  },
  {
    name: 'enrolment statuses',
    values: enrolmentStatuses,
    check: 'enrolments_status_check',
    typebox: Enrolment,
    component: 'Enrolment',
    property: 'status',
    clientValues: client.enrolmentStatusValues,
  },
  {
    name: 'progress statuses',
    values: progressStatuses,
    check: 'module_progress_status_check',
    typebox: ModuleProgress,
    component: 'ModuleProgress',
    property: 'status',
    clientValues: client.moduleProgressStatusValues,
  },
  {
    name: 'evaluation subjects',
    values: evaluationSubjects,
    check: 'evaluations_subject_check',
    typebox: Evaluation,
    component: 'Evaluation',
    property: 'subjectType',
    clientValues: client.evaluationSubjectTypeValues,
  },
  {
    name: 'job statuses',
    values: jobStatuses,
    check: 'jobs_status_check',
    typebox: Job,
    component: 'Job',
    property: 'status',
    clientValues: client.jobStatusValues,
  },
  {
    name: 'organisation kinds',
    values: organisationKinds,
    check: 'organisations_kind_check',
    typebox: Organisation,
    component: 'Organisation',
    property: 'kind',
    clientValues: client.organisationKindValues,
  },
  {
    name: 'notification kinds',
    values: notificationKinds,
    check: 'notifications_kind_check',
    typebox: Notification,
    component: 'Notification',
    property: 'kind',
    clientValues: client.notificationKindValues,
  },
  {
    name: 'notification statuses',
    values: notificationStatuses,
    check: 'notifications_status_check',
    typebox: Notification,
    component: 'Notification',
    property: 'status',
    clientValues: client.notificationStatusValues,
  },
  {
    name: 'webhook delivery statuses',
    values: deliveryStatuses,
    check: 'webhook_deliveries_status_check',
    typebox: WebhookDelivery,
    component: 'WebhookDelivery',
    property: 'status',
    clientValues: client.webhookDeliveryStatusValues,
  },
  {
    name: 'webhook subscription owner types',
    values: subscriptionOwnerTypes,
    check: 'webhook_subscriptions_owner_check',
    typebox: WebhookSubscription,
    component: 'WebhookSubscription',
    property: 'ownerType',
    clientValues: client.webhookSubscriptionOwnerTypeValues,
  },
  {
    name: 'programme version statuses',
    values: programmeVersionStatuses,
    check: 'programme_versions_status_check',
    typebox: ProgrammeVersionSummary,
    component: 'ProgrammeVersionSummary',
    property: 'status',
    clientValues: client.programmeVersionSummaryStatusValues,
  },
  {
    name: 'attendance statuses',
    values: attendanceStatuses,
    check: 'attendance_status_check',
    typebox: AttendanceRecord,
    component: 'AttendanceRecord',
    property: 'status',
    clientValues: client.attendanceRecordStatusValues,
  },
  {
    name: 'meeting types',
    values: sessionTypes,
    check: 'sessions_type_check',
    typebox: Session,
    component: 'Session',
    property: 'type',
    clientValues: client.sessionTypeValues,
  },
  {
    // Stored are scheduled and cancelled (the check below); the API shows a scheduled meeting that
    // took place as held.
    name: 'meeting states',
    values: sessionStates,
    check: null,
    typebox: Session,
    component: 'Session',
    property: 'status',
    clientValues: client.sessionStatusValues,
  },
  {
    name: 'roles',
    values: roles,
    check: 'users_role_check',
    typebox: User,
    component: 'User',
    property: 'role',
    clientValues: client.userRoleValues,
  },
  {
    name: 'audit actions',
    values: auditActions,
    check: 'audit_events_action_check',
    typebox: AuditEvent,
    component: 'AuditEvent',
    property: 'action',
    clientValues: client.auditEventActionValues,
  },
  {
    name: 'audit resource types',
    values: auditResourceTypes,
    check: 'audit_events_resource_type_check',
    typebox: AuditEvent,
    component: 'AuditEvent',
    property: 'resourceType',
    clientValues: client.auditEventResourceTypeValues,
  },
  {
    name: 'audit actor types',
    values: actorTypes,
    check: 'audit_events_actor_type_check',
    typebox: AuditEvent,
    component: 'AuditEvent',
    property: 'actorType',
    clientValues: client.auditEventActorTypeValues,
  },
  {
    name: 'API client scopes',
    values: apiClientScopes,
    check: 'api_clients_scopes_check',
    typebox: ApiClientCreate,
    component: 'ApiClientCreate',
    property: 'scopes',
    clientValues: client.apiClientCreateScopesValues,
  },
];

describe.each(lists)('$name', (list) => {
  it('are the same in the database constraint (where there is one), the API, the OpenAPI document and the client', () => {
    if (list.check) expect(valuesOfCheck(list.check)).toEqual([...list.values]);
    expect(enumOf(list.typebox.properties[list.property])).toEqual(list.values);
    expect(enumOf(openapi.components.schemas[list.component]?.properties[list.property])).toEqual(list.values);
    expect(list.clientValues).toEqual(list.values);
  });
});

describe('lists kept in the database only', () => {
  it('xAPI document kinds are what the database constraint allows', () => {
    expect(valuesOfCheck('xapi_documents_kind_check')).toEqual([...xapiDocumentKinds]);
  });

  it('stored meeting statuses are what the database constraint allows, and each is a state the API shows', () => {
    expect(valuesOfCheck('sessions_status_check')).toEqual([...sessionStatuses]);
    expect(sessionStates).toEqual(expect.arrayContaining([...sessionStatuses]));
  });

  it('cmi5 launch modes and session statuses are what the database constraints allow', () => {
    expect(valuesOfCheck('cmi5_sessions_launch_mode_check')).toEqual([...cmi5LaunchModes]);
    expect(valuesOfCheck('cmi5_sessions_status_check')).toEqual([...cmi5SessionStatuses]);
  });
});

describe('the admin', () => {
  it('offers every scope the API grants, manage:webhooks included', () => {
    expect(adminScopes).toEqual(apiClientScopes);
    expect(adminScopes).toContain('manage:webhooks');
  });

  it('names every audit action the API writes in Dutch and English, subject and verb', () => {
    for (const language of ['nl', 'en'] as const) {
      const { subjects, verbs } = auditMessages[language].loket.audit;
      for (const action of auditActions) {
        const [subject = '', verb = ''] = action.split('.');
        expect(subjects, `${language}: ${action}`).toHaveProperty([subject]);
        expect(verbs, `${language}: ${action}`).toHaveProperty([verb]);
      }
    }
  });

  it('names every kind of record the audit log can be filtered by, in Dutch and English', () => {
    for (const language of ['nl', 'en'] as const) {
      const { subjects } = auditMessages[language].loket.audit;
      for (const type of auditResourceTypes) expect(subjects, `${language}: ${type}`).toHaveProperty([type]);
    }
  });
});

describe('the audit log', () => {
  const root = repo('api/src');
  const source = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(join(root, file), 'utf8'))
    .join('\n');

  it('writes each audit action somewhere in the API, so the filter offers none that never happens', () => {
    for (const action of auditActions) expect(source, action).toContain(`'${action}'`);
  });

  it('writes each resource type somewhere in the API, so the filter offers none that never happens', () => {
    for (const type of auditResourceTypes) expect(source, type).toContain(`resourceType: '${type}'`);
  });
});
