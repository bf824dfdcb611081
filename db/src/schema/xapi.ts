import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, oneOf, updatedAt } from './columns';
import { participants } from './participants';

/**
 * Every statement the LRS accepted, whoever its actor. Statements whose actor is a participant are
 * linked to them; the others wait, listed for an admin, until their actor is linked to someone.
 * The columns beside the statement are what the statement API filters on.
 */
export const xapiStatements = pgTable(
  'xapi_statements',
  {
    id: uuid().primaryKey(),
    participantId: uuid().references(() => participants.id, { onDelete: 'cascade' }),
    /** The actor's identity (see agentKey in the API): how an unlinked actor is linked later. */
    actorKey: text().notNull(),
    verb: text().notNull(),
    /** The object's id when it is an activity. */
    activityIri: text(),
    /** The object's identity when it is an agent or a group. */
    objectAgentKey: text(),
    registration: uuid(),
    /** For a voiding statement: the statement it voids. */
    voidsId: uuid(),
    /** Every agent and group the statement names (actor, object, authority, instructor, team, sub-statement). */
    relatedAgentKeys: text().array().notNull(),
    /** Every activity the statement names (object, context activities, sub-statement). */
    relatedActivityIris: text().array().notNull(),
    /** Who stored it: `client:<id>` or `user:<id>`, the credentials behind its authority. */
    storedBy: text().notNull(),
    statement: jsonb().$type<Record<string, unknown>>().notNull(),
    timestamp: timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull(),
    storedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    sequence: integer().generatedAlwaysAsIdentity(),
    createdAt: createdAt(),
  },
  (t) => [
    // Statements are read in stored order, ties broken by sequence: the keyset of the statement API and exports.
    index('xapi_statements_stored_idx').on(t.storedAt, t.sequence),
    index('xapi_statements_participant_idx').on(t.participantId, t.storedAt),
    index('xapi_statements_activity_idx').on(t.activityIri, t.storedAt),
    index('xapi_statements_actor_idx').on(t.actorKey, t.storedAt),
    index('xapi_statements_object_agent_idx').on(t.objectAgentKey).where(sql`${t.objectAgentKey} is not null`),
    index('xapi_statements_voids_idx').on(t.voidsId).where(sql`${t.voidsId} is not null`),
    index('xapi_statements_unlinked_idx').on(t.actorKey).where(sql`${t.participantId} is null`),
    index('xapi_statements_related_agents_idx').using('gin', t.relatedAgentKeys),
    index('xapi_statements_related_activities_idx').using('gin', t.relatedActivityIris),
  ],
);

/** Attachment contents, by the SHA-256 the statements name them with; several statements may share one. */
export const xapiAttachments = pgTable('xapi_attachments', {
  sha2: text().primaryKey(),
  contentType: text().notNull(),
  content: bytea().notNull(),
  createdAt: createdAt(),
});

export const xapiDocumentKinds = ['state', 'activity-profile', 'agent-profile'] as const;
export type XapiDocumentKind = (typeof xapiDocumentKinds)[number];

/**
 * The documents of the state, activity profile and agent profile resources: opaque content with its
 * content type, keyed as each resource keys them (the columns a kind does not use are null).
 */
export const xapiDocuments = pgTable(
  'xapi_documents',
  {
    id: id(),
    kind: text().$type<XapiDocumentKind>().notNull(),
    activityId: text(),
    /** The agent's identity, for state and agent profiles. */
    agentKey: text(),
    registration: uuid(),
    documentId: text().notNull(),
    /** The participant the agent is, when it is one: their documents follow their scope and erasure. */
    participantId: uuid().references(() => participants.id, { onDelete: 'cascade' }),
    storedBy: text().notNull(),
    contentType: text().notNull(),
    content: bytea().notNull(),
    /** The SHA-1 of the content, as ETag. */
    etag: text().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('xapi_documents_key_unique')
      .on(t.kind, t.activityId, t.agentKey, t.registration, t.documentId)
      .nullsNotDistinct(),
    index('xapi_documents_agent_idx').on(t.agentKey),
    index('xapi_documents_participant_idx').on(t.participantId),
    oneOf('xapi_documents_kind_check', t.kind, xapiDocumentKinds),
  ],
);

/** The newest definition of each activity the statements named: what the activities resource answers. */
export const xapiActivities = pgTable('xapi_activities', {
  id: text().primaryKey(),
  definition: jsonb().$type<Record<string, unknown>>().notNull(),
  updatedAt: updatedAt(),
});

/**
 * Actor identities an admin linked to a participant: an account on another platform, a private
 * address. Statements from them are that participant's, those already stored and those to come.
 */
export const xapiAgentLinks = pgTable(
  'xapi_agent_links',
  {
    agentKey: text().primaryKey(),
    participantId: uuid()
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [index('xapi_agent_links_participant_idx').on(t.participantId)],
);
