import {
  collectParticipantData,
  countParticipantDependants,
  type Database,
  deleteParticipant as deleteParticipantRow,
  eraseParticipant,
  findOrganisation,
  findParticipant,
  findParticipantByEmail,
  insertParticipant,
  listParticipants,
  type ParticipantRow,
  readSyncWatermark,
  updateParticipant as updateParticipantRow,
} from '@loket/db';
import type { Caller } from '../../lib/caller';
import { conflict, invalid, notFound } from '../../lib/errors';
import { assertIfMatch, listAnswer, pageParams, versioned } from '../../lib/http';
import { audit, type WriteContext } from '../../lib/write';
import type { Participant, ParticipantCreate, ParticipantExport, ParticipantPatch, ParticipantQuery } from './schema';

export function toParticipant(row: ParticipantRow): Participant {
  return {
    id: row.id,
    organisationId: row.organisationId,
    givenName: row.givenName,
    nameInfix: row.nameInfix,
    familyName: row.familyName,
    email: row.email,
    jobTitle: row.jobTitle,
    erasedAt: row.erasedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export async function list(db: Database, caller: Caller, query: ParticipantQuery) {
  // Read before the rows: whatever this read cannot see yet is stamped after it.
  const syncWatermark = (await readSyncWatermark(db)).toISOString();
  const page = await listParticipants(db, {
    scope: caller.scope,
    filter: {
      organisationId: query.organisationId,
      q: query.q,
      updatedSince: query.updatedSince ? new Date(query.updatedSince) : undefined,
    },
    page: pageParams(query),
  });
  return listAnswer(page, query.limit, page.rows.map(toParticipant), { syncWatermark });
}

export async function get(db: Database, caller: Caller, id: string): Promise<Participant> {
  const row = await findParticipant(db, caller.scope, id);
  if (!row) throw notFound('The participant');
  return toParticipant(row);
}

/** Participants work at a library or one of its branches, inside the caller's scope. */
async function workplace(ctx: WriteContext, organisationId: string) {
  const organisation = await findOrganisation(ctx.db, ctx.caller.scope, organisationId);
  if (!organisation) throw invalid('/organisationId', 'The organisation does not exist.', 'organisation-unknown');
  if (organisation.kind !== 'library' && organisation.kind !== 'branch') {
    throw invalid(
      '/organisationId',
      `Participants work at a library or branch, not at a ${organisation.kind}.`,
      'participant-workplace',
      { kind: organisation.kind },
    );
  }
  return organisation;
}

async function assertEmailFree(ctx: WriteContext, email: string, exceptId?: string) {
  const holder = await findParticipantByEmail(ctx.db, email);
  if (holder && holder.id !== exceptId) {
    throw conflict('Another participant already has this email address.', 'email-taken');
  }
}

export async function create(ctx: WriteContext, input: ParticipantCreate): Promise<Participant> {
  const organisation = await workplace(ctx, input.organisationId);
  await assertEmailFree(ctx, input.email);
  const row = await insertParticipant(ctx.db, { ...input, email: input.email.trim() });
  const created = toParticipant(row);
  await audit(ctx, {
    action: 'participant.created',
    resourceType: 'participant',
    resourceId: row.id,
    organisationPath: organisation.path,
    after: created,
  });
  return created;
}

export async function update(
  ctx: WriteContext,
  id: string,
  patch: ParticipantPatch,
  ifMatch: string | undefined,
): Promise<Participant> {
  const current = await findParticipant(ctx.db, ctx.caller.scope, id);
  if (!current) throw notFound('The participant');
  if (current.erasedAt)
    throw conflict('This person\u2019s data was erased; the record cannot change.', 'participant-erased');
  assertIfMatch(ifMatch, current.version);
  const organisation = await workplace(ctx, patch.organisationId ?? current.organisationId);
  if (patch.email !== undefined) await assertEmailFree(ctx, patch.email, id);
  const row = await versioned(updateParticipantRow(ctx.db, current, patch));
  const updated = toParticipant(row);
  await audit(ctx, {
    action: 'participant.updated',
    resourceType: 'participant',
    resourceId: id,
    organisationPath: organisation.path,
    before: toParticipant(current),
    after: updated,
  });
  return updated;
}

export async function remove(ctx: WriteContext, id: string, ifMatch: string | undefined): Promise<void> {
  const current = await findParticipant(ctx.db, ctx.caller.scope, id);
  if (!current) throw notFound('The participant');
  assertIfMatch(ifMatch, current.version);
  const { enrolments } = await countParticipantDependants(ctx.db, id);
  if (enrolments > 0) {
    throw conflict(
      `The participant has ${enrolments} enrolment${enrolments === 1 ? '' : 's'}. Withdraw them instead, or erase the person's data.`,
      'participant-has-enrolments',
    );
  }
  await versioned(deleteParticipantRow(ctx.db, current));
  const organisation = await findOrganisation(ctx.db, ctx.caller.scope, current.organisationId);
  await audit(ctx, {
    action: 'participant.deleted',
    resourceType: 'participant',
    resourceId: id,
    organisationPath: organisation?.path ?? null,
    before: toParticipant(current),
  });
}

export async function exportData(ctx: WriteContext, id: string): Promise<ParticipantExport> {
  const current = await findParticipant(ctx.db, ctx.caller.scope, id);
  if (!current) throw notFound('The participant');
  const { participant: _row, ...records } = await collectParticipantData(ctx.db, id);
  const organisation = await findOrganisation(ctx.db, { kind: 'all' }, current.organisationId);
  await audit(ctx, {
    action: 'participant.exported',
    resourceType: 'participant',
    resourceId: id,
    organisationPath: organisation?.path ?? null,
  });
  return { exportedAt: new Date().toISOString(), participant: toParticipant(current), ...records };
}

export async function erase(ctx: WriteContext, id: string): Promise<Participant> {
  const current = await findParticipant(ctx.db, ctx.caller.scope, id);
  if (!current) throw notFound('The participant');
  if (current.erasedAt) return toParticipant(current);
  const row = await eraseParticipant(ctx.db, id, new Date());
  if (!row) throw notFound('The participant');
  const organisation = await findOrganisation(ctx.db, { kind: 'all' }, current.organisationId);
  await audit(ctx, {
    action: 'participant.erased',
    resourceType: 'participant',
    resourceId: id,
    organisationPath: organisation?.path ?? null,
  });
  return toParticipant(row);
}
