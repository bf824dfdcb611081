import {
  type Database,
  findAchievementSource,
  findStatusList,
  revokedIndexes,
  storeStatusListCredential,
} from '@loket/db';
import { emblemSvg } from '../../certificates/emblem';
import { type Achievement, OB_CONTEXTS, signStatusListCredential } from '../../credentials/index';
import { notFound } from '../../lib/errors';
import { type Issuer, profileDocument } from '../../lib/issuer';
import { achievementOf } from './achievement';
import type { AchievementDocument, DidDocument, IssuerProfile } from './schema';

export interface IssuerContext {
  publicUrl: string;
  issuer: Issuer;
}

/** How long a verifier may cache a status list (its `ttl`, and the Cache-Control of the document). */
export const statusListTtlSeconds = 300;

export const statusListUrl = (publicUrl: string, statusListId: string) =>
  `${publicUrl}/v1/status-lists/${statusListId}`;

export const didDocument = (context: IssuerContext) => context.issuer.didDocument as DidDocument;

export const issuerProfile = (context: IssuerContext): IssuerProfile =>
  profileDocument(
    context.issuer,
    `In opdracht van ${context.issuer.name} reikt Loket de certificaten uit van de leertrajecten voor ` +
      'medewerkers van de openbare bibliotheken in Nederland.',
  );

/** The Achievement of a programme version, as it stands in the credentials of its certificates. */
export async function achievementFor(
  db: Database,
  programmeVersionId: string,
  context: IssuerContext,
): Promise<Achievement> {
  const source = await findAchievementSource(db, programmeVersionId);
  if (!source) throw notFound('The achievement');
  return achievementOf(source, context.publicUrl, context.issuer.profile);
}

export async function achievementDocument(
  db: Database,
  programmeVersionId: string,
  context: IssuerContext,
): Promise<AchievementDocument> {
  return { '@context': [...OB_CONTEXTS], ...(await achievementFor(db, programmeVersionId, context)) };
}

/** The badge image of an achievement: Loket's emblem, titled with the programme's name. */
export async function badgeImage(db: Database, programmeVersionId: string): Promise<string> {
  const source = await findAchievementSource(db, programmeVersionId);
  if (!source) throw notFound('The achievement');
  return emblemSvg(`Embleem van het ${source.programmeName}`);
}

/**
 * Signs a revocation list as it stands (the bits of its revoked certificates) and stores it, in the
 * caller's transaction: a list is signed when it changes, not when it is read. The list's row is
 * locked first, so two revocations in one list sign one after the other and the later sees both.
 */
export async function signStatusList(
  db: Database,
  statusListId: string,
  context: IssuerContext,
  now: Date = new Date(),
): Promise<Record<string, unknown>> {
  const list = await findStatusList(db, statusListId, true);
  if (!list) throw notFound('The status list');
  const signed = await signStatusListCredential(
    {
      url: statusListUrl(context.publicUrl, list.id),
      issuer: context.issuer.id,
      revokedIndexes: await revokedIndexes(db, list.id),
      length: list.size,
      validFrom: now.toISOString(),
      ttl: statusListTtlSeconds * 1000,
    },
    context.issuer.key,
    { documentLoader: context.issuer.documentLoader, created: now.toISOString() },
  );
  const credential = signed as unknown as Record<string, unknown>;
  await storeStatusListCredential(db, list.id, credential);
  return credential;
}

const signedByIssuer = (credential: Record<string, unknown> | null, context: IssuerContext) =>
  credential !== null && credential.issuer === context.issuer.id;

/**
 * A revocation list as last signed. One never signed yet (new, or from before lists were stored, or
 * signed by an issuer Loket no longer is) is signed now, once.
 */
export async function statusList(db: Database, id: string, context: IssuerContext): Promise<Record<string, unknown>> {
  const list = await findStatusList(db, id);
  if (!list) throw notFound('The status list');
  if (list.credential && signedByIssuer(list.credential, context)) return list.credential;
  return db.transaction(async (tx) => {
    const locked = await findStatusList(tx, id, true);
    if (locked?.credential && signedByIssuer(locked.credential, context)) return locked.credential;
    return signStatusList(tx, id, context);
  });
}
