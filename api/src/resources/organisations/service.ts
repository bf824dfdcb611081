import {
  countOrganisationDependants,
  type Database,
  deleteOrganisation as deleteOrganisationRow,
  findOrganisation,
  insertOrganisation,
  listOrganisations,
  type OrganisationRow,
  readSyncWatermark,
  updateOrganisation as updateOrganisationRow,
} from '@loket/db';
import { type Caller, can } from '../../lib/caller';
import { conflict, DomainError, invalid, notFound } from '../../lib/errors';
import { assertIfMatch, listAnswer, pageParams, versioned } from '../../lib/http';
import { audit, type WriteContext } from '../../lib/write';
import { placementProblem } from './rules';
import type { Organisation, OrganisationCreate, OrganisationPatch, OrganisationQuery } from './schema';

export function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    kind: row.kind,
    parentId: row.parentId,
    name: row.name,
    shortName: row.shortName,
    province: row.province,
    city: row.city,
    email: row.email,
    phone: row.phone,
    website: row.website,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export async function list(db: Database, caller: Caller, query: OrganisationQuery) {
  const { kind, parentId, within, q } = query;
  const updatedSince = query.updatedSince ? new Date(query.updatedSince) : undefined;
  // Read before the rows: whatever this read cannot see yet is stamped after it.
  const syncWatermark = (await readSyncWatermark(db)).toISOString();
  const page = await listOrganisations(db, {
    scope: caller.scope,
    filter: { kind, parentId, within, q, updatedSince },
    page: pageParams(query),
  });
  return listAnswer(page, query.limit, page.rows.map(toOrganisation), { syncWatermark });
}

export async function get(db: Database, caller: Caller, id: string): Promise<Organisation> {
  const row = await findOrganisation(db, caller.scope, id);
  if (!row) throw notFound('The organisation');
  return toOrganisation(row);
}

async function parentFor(ctx: WriteContext, parentId: string | null | undefined) {
  if (!parentId) return undefined;
  const parent = await findOrganisation(ctx.db, ctx.caller.scope, parentId);
  if (!parent) throw invalid('/parentId', 'The parent organisation does not exist.', 'organisation-unknown');
  return parent;
}

const topLevelKinds = new Set(['national', 'poi', 'partner']);

/** The KB, the partners and the POIs themselves are the KB's to manage. */
function assertMayManage(caller: Caller, kind: string) {
  if (topLevelKinds.has(kind) && !can(caller, 'organisations:create-top-level')) {
    throw new DomainError(
      403,
      'forbidden',
      'Forbidden',
      `Only KB administrators manage organisations of kind ${kind}.`,
    );
  }
}

export async function create(ctx: WriteContext, input: OrganisationCreate): Promise<Organisation> {
  assertMayManage(ctx.caller, input.kind);
  const parent = await parentFor(ctx, input.parentId);
  const problem = placementProblem(input.kind, parent?.kind ?? null);
  if (problem)
    throw invalid('/parentId', problem, 'organisation-placement', { kind: input.kind, parentKind: parent?.kind ?? '' });
  const row = await insertOrganisation(ctx.db, { ...input, parentId: parent?.id ?? null }, parent);
  const created = toOrganisation(row);
  await audit(ctx, {
    action: 'organisation.created',
    resourceType: 'organisation',
    resourceId: row.id,
    organisationPath: row.path,
    after: created,
  });
  return created;
}

export async function update(
  ctx: WriteContext,
  id: string,
  patch: OrganisationPatch,
  ifMatch: string | undefined,
): Promise<Organisation> {
  const current = await findOrganisation(ctx.db, ctx.caller.scope, id, true);
  if (!current) throw notFound('The organisation');
  assertMayManage(ctx.caller, current.kind);
  assertIfMatch(ifMatch, current.version);

  let newParent: OrganisationRow | null | undefined;
  if (patch.parentId !== undefined && patch.parentId !== current.parentId) {
    newParent = (await parentFor(ctx, patch.parentId)) ?? null;
    if (newParent?.path.startsWith(current.path)) {
      throw invalid(
        '/parentId',
        'An organisation cannot move under itself or one of its own branches.',
        'organisation-under-itself',
      );
    }
    const problem = placementProblem(current.kind, newParent?.kind ?? null);
    if (problem)
      throw invalid('/parentId', problem, 'organisation-placement', {
        kind: current.kind,
        parentKind: newParent?.kind ?? '',
      });
  }
  const { parentId: _parentId, ...changes } = patch;
  const row = await versioned(
    updateOrganisationRow(
      ctx.db,
      current,
      newParent === undefined ? changes : { ...changes, parentId: newParent?.id ?? null },
      newParent,
    ),
  );
  const updated = toOrganisation(row);
  await audit(ctx, {
    action: 'organisation.updated',
    resourceType: 'organisation',
    resourceId: id,
    organisationPath: row.path,
    before: toOrganisation(current),
    after: updated,
  });
  return updated;
}

export async function remove(ctx: WriteContext, id: string, ifMatch: string | undefined): Promise<void> {
  const current = await findOrganisation(ctx.db, ctx.caller.scope, id, true);
  if (!current) throw notFound('The organisation');
  assertMayManage(ctx.caller, current.kind);
  assertIfMatch(ifMatch, current.version);
  const dependants = await countOrganisationDependants(ctx.db, id);
  const blocking = Object.entries(dependants)
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${n} ${what}`);
  if (blocking.length > 0) {
    throw conflict(
      `The organisation still has ${blocking.join(', ')}. Move or delete those first.`,
      'organisation-has-dependants',
      Object.fromEntries(Object.entries(dependants).filter(([, n]) => n > 0)),
    );
  }
  await versioned(deleteOrganisationRow(ctx.db, current));
  await audit(ctx, {
    action: 'organisation.deleted',
    resourceType: 'organisation',
    resourceId: id,
    organisationPath: current.path,
    before: toOrganisation(current),
  });
}
