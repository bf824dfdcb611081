import { randomBytes, randomInt } from 'node:crypto';
import {
  allocateStatusIndex,
  type CertificateRow,
  type CertificateSnapshot,
  type Database,
  everything,
  findCertificate,
  findCertificateByCode,
  findCertificateOfEnrolment,
  findCohort,
  findEnrolment,
  insertCertificate,
  listCertificates,
  nextCertificateSequence,
  programmeOfCohort,
  revokeCertificate,
  storeCertificateCredential,
} from '@loket/db';
import { v7 as uuidv7 } from 'uuid';
import { type HashedEmailIdentity, hashedEmailIdentity } from '../../credentials/index';
import type { Caller } from '../../lib/caller';
import { conflict, DomainError, invalid, notFound } from '../../lib/errors';
import { emit } from '../../lib/events';
import { assertIfMatch, listAnswer, pageParams, versioned } from '../../lib/http';
import { audit, type WriteContext } from '../../lib/write';
import { pictures } from '../enrolments/picture';
import { achievementFor, type IssuerContext, signStatusList } from '../issuer/service';
import { signedCredential } from './credential';
import type { Certificate, CertificateQuery, SignedCredential, Verification } from './schema';

/** Bits per revocation list: the Bitstring Status List minimum of 16 KiB, for herd privacy. */
export const statusListSize = 131_072;

const codeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 75 random bits in Crockford base32, grouped for reading aloud: not guessable, easy to type. */
export function newVerificationCode(): string {
  const chars = Array.from({ length: 15 }, () => codeAlphabet[randomInt(codeAlphabet.length)]);
  return [0, 5, 10].map((start) => chars.slice(start, start + 5).join('')).join('-');
}

/** Accepts the code as typed: lower case, spaces, and the letters people confuse with digits. */
export function normaliseVerificationCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{15}$/.test(cleaned)) return null;
  return `${cleaned.slice(0, 5)}-${cleaned.slice(5, 10)}-${cleaned.slice(10)}`;
}

export type CertificateContext = IssuerContext;

/** The commissioners a certificate names: its issuers without the participant's library, listed apart. */
export const commissionersOf = (snapshot: CertificateSnapshot) =>
  snapshot.issuers.filter((name) => name !== snapshot.libraryName);

export const verificationUrl = (publicUrl: string, code: string) => `${publicUrl}/verify/${code}`;

export function toCertificate(row: CertificateRow, context: CertificateContext): Certificate {
  const s = row.snapshot;
  return {
    id: row.id,
    enrolmentId: row.enrolmentId,
    number: row.number,
    participantName: s.participantName,
    programme: { name: s.programmeName, version: s.programmeVersion },
    modules: s.modules,
    meetings: s.meetings,
    libraryName: s.libraryName,
    issuers: s.issuers,
    issuedOn: row.issuedAt.toISOString().slice(0, 10),
    verificationCode: row.verificationCode,
    verificationUrl: verificationUrl(context.publicUrl, row.verificationCode),
    status: row.revokedAt ? 'revoked' : 'valid',
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revocationReason: row.revocationReason,
    issuedAt: row.issuedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export async function list(db: Database, caller: Caller, query: CertificateQuery, context: CertificateContext) {
  const page = await listCertificates(db, {
    scope: caller.scope,
    filter: {
      enrolmentId: query.enrolmentId,
      cohortId: query.cohortId,
      libraryId: query.libraryId,
      revoked: query.revoked,
      issuedFrom: query.issuedFrom ? new Date(query.issuedFrom) : undefined,
      issuedTo: query.issuedTo ? new Date(query.issuedTo) : undefined,
    },
    page: pageParams(query),
  });
  return listAnswer(
    page,
    query.limit,
    page.rows.map((row) => toCertificate(row, context)),
  );
}

export async function get(db: Database, caller: Caller, id: string, context: CertificateContext) {
  const row = await findCertificate(db, caller.scope, id);
  if (!row) throw notFound('The certificate');
  return toCertificate(row, context);
}

export async function getRow(db: Database, caller: Caller, id: string) {
  const row = await findCertificate(db, caller.scope, id);
  if (!row) throw notFound('The certificate');
  return row;
}

/**
 * Issues the certificate of an enrolment whose completion rule holds. The enrolment row is locked
 * for the transaction, so concurrent requests queue and find the first one's certificate; the
 * unique enrolment on certificates is the backstop across processes.
 */
export async function issue(
  ctx: WriteContext,
  enrolmentId: string,
  context: CertificateContext,
  now: Date = new Date(),
): Promise<{ certificate: CertificateRow; created: boolean }> {
  const view = await findEnrolment(ctx.db, ctx.caller.scope, enrolmentId, true);
  if (!view) throw invalid('/enrolmentId', 'The enrolment does not exist.', 'enrolment-unknown');
  const existing = await findCertificateOfEnrolment(ctx.db, enrolmentId);
  if (existing) return { certificate: existing, created: false };
  const [picture] = await pictures(ctx.db, [view]);
  if (!picture) throw notFound('The enrolment');
  if (view.status === 'withdrawn')
    throw conflict('The participant was withdrawn from the cohort.', 'enrolment-withdrawn');
  if (!picture.completion.eligible) {
    throw new DomainError(
      409,
      'not-eligible',
      'Not yet eligible',
      `The completion rule does not hold yet: ${picture.completion.missing.length} item(s) missing.`,
      picture.completion.missing.map((m, i) => ({
        path: `/missing/${i}`,
        message: m.kind === 'module' ? `Module ${m.code}: ${m.reason}` : `${m.title}: ${m.reason}`,
        // The title, not the code, so a client can say which module or meeting is missing.
        code: `missing-${m.kind}`,
        params: { title: m.title, reason: m.reason },
      })),
      undefined,
      { code: 'not-eligible', params: { missing: picture.completion.missing.length } },
    );
  }
  const programme = await programmeOfCohort(ctx.db, view.cohortId);
  if (!programme) throw new Error('cohort without programme');
  const libraryName = (await findCohort(ctx.db, { kind: 'all' }, view.cohortId))?.organisationName ?? '';
  const snapshot: CertificateSnapshot = {
    participantName: [view.givenName, view.nameInfix, view.familyName].filter(Boolean).join(' '),
    programmeName: programme.name,
    programmeVersion: programme.versionNumber,
    modules: picture.progress.map((p) => ({ code: p.code, title: p.title })),
    meetings: picture.attendance
      .filter((a) => !a.cancelled && (a.status === 'present' || (a.status === 'excused' && a.excuseWaived)))
      .map((a) => ({ type: a.type, title: a.title, date: a.startsAt.slice(0, 10) })),
    libraryName,
    issuers: [...context.issuer.commissioners, libraryName],
  };
  const year = now.getUTCFullYear();
  const sequence = await nextCertificateSequence(ctx.db, year);
  const status = await allocateStatusIndex(ctx.db, { size: statusListSize, randomIndex: randomInt });
  const id = uuidv7();
  const credential = await signedCredential(context.issuer, context.publicUrl, {
    certificateId: id,
    issuedAt: now,
    emailIdentity: hashedEmailIdentity(view.email, randomBytes(16).toString('hex')),
    holderName: snapshot.participantName ?? '',
    achievement: await achievementFor(ctx.db, programme.programmeVersionId, context),
    modules: snapshot.modules,
    meetings: snapshot.meetings,
    statusListId: status.statusListId,
    statusListIndex: status.index,
  });
  const row = await insertCertificate(ctx.db, {
    id,
    credential,
    enrolmentId,
    number: `${programme.code}-${year}-${String(sequence).padStart(6, '0')}`,
    year,
    sequence,
    verificationCode: newVerificationCode(),
    issuedAt: now,
    issuedByUserId: ctx.caller.actorType === 'user' ? ctx.caller.actorId : null,
    snapshot,
    statusListId: status.statusListId,
    statusListIndex: status.index,
  });
  await audit(ctx, {
    action: 'certificate.issued',
    resourceType: 'certificate',
    resourceId: row.id,
    organisationPath: view.organisationPath,
    after: toCertificate(row, context),
  });
  await emit(ctx, 'certificate.issued', view.organisationPath, {
    certificateId: row.id,
    enrolmentId,
    number: row.number,
    issuedAt: row.issuedAt.toISOString(),
    verificationUrl: verificationUrl(context.publicUrl, row.verificationCode),
  });
  return { certificate: row, created: true };
}

export async function revoke(
  ctx: WriteContext,
  id: string,
  reason: string,
  ifMatch: string | undefined,
  context: CertificateContext,
) {
  const current = await findCertificate(ctx.db, ctx.caller.scope, id, true);
  if (!current) throw notFound('The certificate');
  assertIfMatch(ifMatch, current.version);
  if (current.revokedAt) return toCertificate(current, context);
  const row = await versioned(revokeCertificate(ctx.db, current, reason, new Date()));
  // The list is signed again now, with this bit set: verifiers read the revocation from it.
  if (row.statusListId) await signStatusList(ctx.db, row.statusListId, context);
  const revoked = toCertificate(row, context);
  await audit(ctx, {
    action: 'certificate.revoked',
    resourceType: 'certificate',
    resourceId: id,
    organisationPath: null,
    before: toCertificate(current, context),
    after: revoked,
  });
  const enrolment = await findEnrolment(ctx.db, everything, row.enrolmentId);
  await emit(ctx, 'certificate.revoked', enrolment?.organisationPath ?? null, {
    certificateId: id,
    enrolmentId: row.enrolmentId,
    number: row.number,
    revokedAt: (row.revokedAt ?? new Date()).toISOString(),
    reason,
  });
  return revoked;
}

/** What anyone may learn from a verification code: the public statement, nothing more. */
export async function verify(db: Database, rawCode: string): Promise<Verification> {
  const code = normaliseVerificationCode(rawCode);
  const row = code ? await findCertificateByCode(db, code) : undefined;
  if (!row)
    throw new DomainError(
      404,
      'unknown-certificate',
      'Unknown certificate',
      'No certificate has this verification code.',
    );
  return {
    status: row.revokedAt ? 'revoked' : 'valid',
    number: row.number,
    participantName: row.snapshot.participantName,
    programme: row.snapshot.programmeName,
    issuedOn: row.issuedAt.toISOString().slice(0, 10),
    issuers: row.snapshot.issuers,
    revokedOn: row.revokedAt?.toISOString().slice(0, 10) ?? null,
  };
}

/** The signed credential as stored at issue, so every download is the same document. */
export async function credentialOf(db: Database, caller: Caller, id: string): Promise<SignedCredential> {
  const row = await getRow(db, caller, id);
  if (!row.credential) {
    throw new DomainError(
      404,
      'not-found',
      'Not found',
      'Loket keeps no signed credential for this certificate: the holder\u2019s data was erased. The copy the ' +
        'holder received stays valid.',
    );
  }
  return row.credential as SignedCredential;
}

/** The certificate as a PDF; the same certificate always gives the same bytes. */
export async function pdfOf(db: Database, caller: Caller, id: string, context: CertificateContext): Promise<Buffer> {
  const row = await getRow(db, caller, id);
  const s = row.snapshot;
  // PDFKit and its fonts are loaded with the first PDF asked for, not by every process at start.
  const { renderCertificatePdf } = await import('../../certificates/pdf/index');
  return renderCertificatePdf({
    number: row.number,
    participantName: s.participantName,
    programmeName: s.programmeName,
    modules: s.modules.map((m) => ({ title: m.title })),
    meetings: s.meetings.map((m) => ({ title: m.title, date: m.date })),
    libraryName: s.libraryName,
    commissioners: commissionersOf(s),
    issuedOn: row.issuedAt.toISOString().slice(0, 10),
    verificationUrl: verificationUrl(context.publicUrl, row.verificationCode),
    credentialJson: row.credential ? JSON.stringify(row.credential, null, 2) : null,
    revoked: row.revokedAt ? { on: row.revokedAt.toISOString().slice(0, 10) } : undefined,
  });
}

/**
 * Signs Loket's stored copy of a certificate's credential again in the current form (the did:web
 * issuer, the achievement document, the holder's name, `proof` as a list), keeping what the holder's
 * copy says about it: its id, its validFrom, the hashed e-mail identity and its place in the
 * revocation list, so revoking the certificate still shows in the copy the holder has.
 */
export async function resignStoredCredential(db: Database, row: CertificateRow, context: CertificateContext) {
  const old = row.credential as {
    credentialSubject?: { identifier?: Array<{ identityType?: string }> };
  } | null;
  const emailIdentity = old?.credentialSubject?.identifier?.find((i) => i.identityType === 'emailAddress');
  const enrolment = await findEnrolment(db, everything, row.enrolmentId);
  const programme = enrolment ? await programmeOfCohort(db, enrolment.cohortId) : undefined;
  if (!emailIdentity || !programme || !row.statusListId || row.statusListIndex === null) {
    throw new Error(`certificate ${row.id}: the stored credential cannot be signed again`);
  }
  const credential = await signedCredential(context.issuer, context.publicUrl, {
    certificateId: row.id,
    issuedAt: row.issuedAt,
    emailIdentity: emailIdentity as HashedEmailIdentity,
    holderName: row.snapshot.participantName ?? '',
    achievement: await achievementFor(db, programme.programmeVersionId, context),
    modules: row.snapshot.modules,
    meetings: row.snapshot.meetings,
    statusListId: row.statusListId,
    statusListIndex: row.statusListIndex,
  });
  await storeCertificateCredential(db, row.id, credential);
}
