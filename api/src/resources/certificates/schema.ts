import Type, { type Static } from 'typebox';
import { listOf, listQuery, Nullable, Timestamp, Uuid, Version } from '../../lib/schemas';

const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const VerificationCode = Type.String({
  pattern: '^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$',
  description: 'Unguessable code printed on the certificate and in its QR code',
  examples: ['K7Q2M-9XWDA-3MPAT'],
});

const statement = {
  number: Type.String({ description: 'Sequential per year, without gaps', examples: ['LFB-2019-000123'] }),
  participantName: Nullable(
    Type.String({ description: 'Null when the person\u2019s data was erased: the name is withheld' }),
  ),
  programme: Type.Object({ name: Type.String(), version: Type.Integer() }, { additionalProperties: false }),
  modules: Type.Array(Type.Object({ code: Type.String(), title: Type.String() }, { additionalProperties: false })),
  meetings: Type.Array(
    Type.Object({ type: Type.String(), title: Type.String(), date: DateOnly }, { additionalProperties: false }),
  ),
  libraryName: Type.String(),
  issuers: Type.Array(Type.String(), { description: 'The commissioners and the participant\u2019s library' }),
  issuedOn: DateOnly,
};

export const Certificate = Type.Object(
  {
    id: Uuid,
    enrolmentId: Uuid,
    ...statement,
    verificationCode: VerificationCode,
    verificationUrl: Type.String({ format: 'uri', description: 'The public page anyone can check it on' }),
    status: Type.Enum(['valid', 'revoked']),
    revokedAt: Nullable(Timestamp),
    revocationReason: Nullable(Type.String()),
    issuedAt: Timestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  {
    title: 'Certificate',
    additionalProperties: false,
    examples: [
      {
        id: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c50',
        enrolmentId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c51',
        number: 'LFB-2019-000123',
        participantName: 'Sanne de Vries',
        programme: { name: 'Leertraject Frontoffice en basisvaardigheden', version: 1 },
        modules: [{ code: 'boekstart', title: 'BoekStart' }],
        meetings: [{ type: 'kickoff', title: 'Kick-off', date: '2018-11-05' }],
        libraryName: 'Bibliotheek Hilversum',
        issuers: ['Koninklijke Bibliotheek', 'Stichting Lezen', 'Stichting Lezen & Schrijven', 'Bibliotheek Hilversum'],
        issuedOn: '2019-02-06',
        verificationCode: 'K7Q2M-9XWDA-3MPAT',
        verificationUrl: 'https://loket.example/verify/K7Q2M-9XWDA-3MPAT',
        status: 'valid',
        revokedAt: null,
        revocationReason: null,
        issuedAt: '2019-02-06T10:00:00.000Z',
        createdAt: '2019-02-06T10:00:00.000Z',
        updatedAt: '2019-02-06T10:00:00.000Z',
        version: 1,
      },
    ],
  },
);

export const CertificateCreate = Type.Object(
  { enrolmentId: Uuid },
  {
    title: 'CertificateCreate',
    additionalProperties: false,
    examples: [{ enrolmentId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c51' }],
  },
);

export const CertificateRevoke = Type.Object(
  {
    reason: Type.String({ minLength: 5, maxLength: 500, description: 'Why, e.g. an enrolment found to be fraudulent' }),
  },
  {
    title: 'CertificateRevoke',
    additionalProperties: false,
    examples: [{ reason: 'Issued to the wrong enrolment' }],
  },
);

export const CertificateQuery = listQuery(
  ['issuedAt', 'number'],
  {
    enrolmentId: Type.Optional(Uuid),
    cohortId: Type.Optional(Uuid),
    libraryId: Type.Optional({ ...Uuid, description: 'The library whose cohorts the certificates come from' }),
    revoked: Type.Optional(Type.Boolean()),
    issuedFrom: Type.Optional(Type.String({ format: 'date-time' })),
    issuedTo: Type.Optional(Type.String({ format: 'date-time' })),
  },
  '-issuedAt',
);
export const CertificateList = listOf(Certificate, 'CertificateList');

export const VerificationParams = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);

export const Verification = Type.Object(
  {
    status: Type.Enum(['valid', 'revoked']),
    number: Type.String(),
    participantName: Nullable(
      Type.String({ description: 'Null when withheld after the person\u2019s data was erased' }),
    ),
    programme: Type.String(),
    issuedOn: DateOnly,
    issuers: Type.Array(Type.String()),
    revokedOn: Nullable(DateOnly),
  },
  {
    title: 'Verification',
    additionalProperties: false,
    description: 'Only what the certificate states publicly: no email, no ids, no other personal data.',
    examples: [
      {
        status: 'valid',
        number: 'LFB-2019-000123',
        participantName: 'Sanne de Vries',
        programme: 'Leertraject Frontoffice en basisvaardigheden',
        issuedOn: '2019-02-06',
        issuers: ['Koninklijke Bibliotheek', 'Stichting Lezen', 'Stichting Lezen & Schrijven', 'Bibliotheek Hilversum'],
        revokedOn: null,
      },
    ],
  },
);

export type Certificate = Static<typeof Certificate>;
export type CertificateQuery = Static<typeof CertificateQuery>;
export type Verification = Static<typeof Verification>;

export const SignedCredential = Type.Object(
  {
    '@context': Type.Array(Type.String()),
    id: Type.String(),
    type: Type.Array(Type.String()),
    issuer: Type.Unknown(),
    validFrom: Type.String(),
    credentialSubject: Type.Unknown(),
    proof: Type.Unknown(),
  },
  {
    title: 'SignedCredential',
    additionalProperties: true,
    description: 'A W3C Verifiable Credential 2.0 with a Data Integrity proof',
  },
);

export type SignedCredential = Static<typeof SignedCredential>;
