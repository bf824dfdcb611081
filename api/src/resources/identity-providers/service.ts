import {
  type Database,
  deleteIdentityProvider,
  domainsTakenByOthers,
  findIdentityProvider,
  findOrganisation,
  type IdentityProviderWithDomains,
  insertIdentityProvider,
  listIdentityProviders,
  replaceIdentityProviderDomains,
  updateIdentityProvider,
} from '@loket/db';
import { conflict, DomainError, invalid, notFound } from '../../lib/errors';
import { assertIfMatch, listAnswer, pageParams, versioned } from '../../lib/http';
import type { Sealer } from '../../lib/sealed';
import { audit, type WriteContext } from '../../lib/write';
import type { IdentityProvider, IdentityProviderCreate, IdentityProviderPatch, IdentityProviderQuery } from './schema';

/** What the provider resource needs besides the database. */
export interface IdentityContext {
  sealer: Sealer;
  publicUrl: string;
  /** Issuers over plain http (a test's provider on this machine); https only otherwise. */
  allowHttpIssuers: boolean;
}

export const oidcCallbackPath = '/v1/auth/oidc/callback';

/** The kinds of organisation whose staff sign in through a provider of their own. */
const providerKinds = new Set(['national', 'poi', 'library']);

export function toIdentityProvider(row: IdentityProviderWithDomains, publicUrl: string): IdentityProvider {
  return {
    id: row.id,
    organisationId: row.organisationId,
    name: row.name,
    issuerUrl: row.issuerUrl,
    clientId: row.clientId,
    allowedDomains: row.domains,
    provisionParticipants: row.provisionParticipants,
    passwordSignIn: row.passwordSignIn,
    enabled: row.enabled,
    redirectUri: `${publicUrl}${oidcCallbackPath}`,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export async function list(db: Database, context: IdentityContext, query: IdentityProviderQuery) {
  const page = await listIdentityProviders(db, { organisationId: query.organisationId, page: pageParams(query) });
  return listAnswer(
    page,
    query.limit,
    page.rows.map((row) => toIdentityProvider(row, context.publicUrl)),
  );
}

export async function get(db: Database, context: IdentityContext, id: string): Promise<IdentityProvider> {
  const row = await findIdentityProvider(db, id);
  if (!row) throw notFound('The identity provider');
  return toIdentityProvider(row, context.publicUrl);
}

function assertIssuer(issuerUrl: string, context: IdentityContext) {
  const url = new URL(issuerUrl);
  if (url.search || url.hash) throw invalid('/issuerUrl', 'An issuer has no query or fragment.', 'issuer-has-query');
  if (url.protocol !== 'https:' && !(context.allowHttpIssuers && url.protocol === 'http:'))
    throw invalid('/issuerUrl', 'An issuer is an https URL.', 'issuer-not-https');
}

const normalise = (domains: string[]) => [...new Set(domains.map((d) => d.toLowerCase()))].sort();

async function assertDomainsFree(db: Database, domains: string[], providerId: string | null) {
  const taken = await domainsTakenByOthers(db, domains, providerId);
  if (taken.length > 0) throw domainTaken(taken);
}

const domainTaken = (taken: string[]) =>
  new DomainError(
    409,
    'domain-taken',
    'Conflict',
    `Another identity provider already serves ${taken.join(', ')}.`,
    taken.map((domain) => ({ path: '/allowedDomains', message: `${domain} belongs to another provider.` })),
  );

function assertProvisioning(provision: boolean, organisationKind: string) {
  if (provision && organisationKind !== 'library')
    throw invalid(
      '/provisionParticipants',
      'Only a library provisions participants: they are its staff.',
      'provisioning-library-only',
    );
}

async function writeDomains(db: Database, providerId: string, domains: string[]) {
  const taken = await replaceIdentityProviderDomains(db, providerId, domains);
  if (taken.length > 0) throw domainTaken(taken);
}

async function reread(db: Database, id: string) {
  const row = await findIdentityProvider(db, id);
  if (!row) throw new Error('identity provider vanished');
  return row;
}

export async function create(
  ctx: WriteContext,
  context: IdentityContext,
  input: IdentityProviderCreate,
): Promise<IdentityProvider> {
  const organisation = await findOrganisation(ctx.db, ctx.caller.scope, input.organisationId);
  if (!organisation) throw invalid('/organisationId', 'The organisation does not exist.', 'organisation-unknown');
  if (!providerKinds.has(organisation.kind))
    throw invalid(
      '/organisationId',
      `The KB, a POI or a library has a provider, not a ${organisation.kind}.`,
      'provider-organisation-kind',
      { kind: organisation.kind },
    );
  assertIssuer(input.issuerUrl, context);
  assertProvisioning(input.provisionParticipants ?? false, organisation.kind);
  const domains = normalise(input.allowedDomains);
  await assertDomainsFree(ctx.db, domains, null);
  const row = await insertIdentityProvider(ctx.db, {
    organisationId: organisation.id,
    name: input.name,
    issuerUrl: input.issuerUrl,
    clientId: input.clientId,
    clientSecret: await context.sealer.seal(input.clientSecret),
    provisionParticipants: input.provisionParticipants ?? false,
    passwordSignIn: input.passwordSignIn ?? false,
    enabled: input.enabled ?? true,
  });
  if (!row) throw conflict('The organisation has an identity provider already.', 'identity-provider-exists');
  await writeDomains(ctx.db, row.id, domains);
  const created = toIdentityProvider(await reread(ctx.db, row.id), context.publicUrl);
  await audit(ctx, {
    action: 'identity_provider.created',
    resourceType: 'identity_provider',
    resourceId: row.id,
    organisationPath: organisation.path,
    after: created,
  });
  return created;
}

export async function update(
  ctx: WriteContext,
  context: IdentityContext,
  id: string,
  patch: IdentityProviderPatch,
  ifMatch: string | undefined,
): Promise<IdentityProvider> {
  const current = await findIdentityProvider(ctx.db, id, true);
  if (!current) throw notFound('The identity provider');
  assertIfMatch(ifMatch, current.version);
  if (patch.issuerUrl !== undefined) assertIssuer(patch.issuerUrl, context);
  assertProvisioning(patch.provisionParticipants ?? current.provisionParticipants, current.organisationKind);
  const domains = patch.allowedDomains ? normalise(patch.allowedDomains) : undefined;
  if (domains) await assertDomainsFree(ctx.db, domains, id);
  const { allowedDomains: _domains, clientSecret, ...rest } = patch;
  await versioned(
    updateIdentityProvider(ctx.db, current, {
      ...rest,
      ...(clientSecret !== undefined ? { clientSecret: await context.sealer.seal(clientSecret) } : {}),
    }),
  );
  if (domains) await writeDomains(ctx.db, id, domains);
  const before = toIdentityProvider(current, context.publicUrl);
  const updated = toIdentityProvider(await reread(ctx.db, id), context.publicUrl);
  await audit(ctx, {
    action: 'identity_provider.updated',
    resourceType: 'identity_provider',
    resourceId: id,
    organisationPath: current.organisationPath,
    before,
    // A new secret is recorded as changed, never as itself.
    after: clientSecret !== undefined ? { ...updated, clientSecretChanged: true } : updated,
  });
  return updated;
}

export async function remove(
  ctx: WriteContext,
  context: IdentityContext,
  id: string,
  ifMatch: string | undefined,
): Promise<void> {
  const current = await findIdentityProvider(ctx.db, id, true);
  if (!current) throw notFound('The identity provider');
  assertIfMatch(ifMatch, current.version);
  await versioned(deleteIdentityProvider(ctx.db, current));
  await audit(ctx, {
    action: 'identity_provider.deleted',
    resourceType: 'identity_provider',
    resourceId: id,
    organisationPath: current.organisationPath,
    before: toIdentityProvider(current, context.publicUrl),
  });
}
