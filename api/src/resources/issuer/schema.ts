import Type, { type Static } from 'typebox';
import { Uuid } from '../../lib/schemas';

const Context = Type.Array(Type.String({ format: 'uri' }), { description: 'JSON-LD contexts' });
const Did = Type.String({
  pattern: '^did:web:',
  description: 'The issuer\u2019s did:web DID',
  examples: ['did:web:loket.example'],
});

export const DidDocument = Type.Object(
  {
    '@context': Context,
    id: Did,
    verificationMethod: Type.Array(
      Type.Object(
        {
          id: Type.String({
            description: 'The key\u2019s DID URL, as proofs name it',
            examples: ['did:web:loket.example#key-1'],
          }),
          type: Type.Literal('Multikey'),
          controller: Did,
          publicKeyMultibase: Type.String({ description: 'The Ed25519 public key, multibase (base58btc)' }),
        },
        { additionalProperties: false },
      ),
    ),
    assertionMethod: Type.Array(Type.String(), { description: 'The keys that may sign credentials' }),
  },
  {
    title: 'DidDocument',
    additionalProperties: false,
    description:
      'The DID document of the issuer (W3C DID 1.0, did:web), with its Multikey (Ed25519) verification method.',
  },
);

const ProfileFields = {
  id: Did,
  type: Type.Array(Type.String(), { examples: [['Profile']] }),
  name: Type.String({ description: 'The commissioners of the programme, in whose name certificates are issued' }),
  url: Type.String({ format: 'uri', description: 'This profile' }),
};

export const IssuerProfile = Type.Object(
  { '@context': Context, ...ProfileFields, description: Type.String() },
  {
    title: 'IssuerProfile',
    additionalProperties: false,
    description: 'The issuer as an Open Badges 3.0 Profile (JSON-LD).',
  },
);

export const AchievementDocument = Type.Object(
  {
    '@context': Context,
    id: Type.String({ format: 'uri' }),
    type: Type.Array(Type.String(), { examples: [['Achievement']] }),
    achievementType: Type.String({ examples: ['CertificateOfCompletion'] }),
    name: Type.String(),
    description: Type.String(),
    criteria: Type.Object(
      { narrative: Type.String({ description: 'Who earns it, in Markdown (Dutch)' }) },
      { additionalProperties: false },
    ),
    image: Type.Object(
      {
        id: Type.String({ format: 'uri', description: 'The badge image Loket draws (SVG)' }),
        type: Type.Literal('Image'),
        caption: Type.String(),
      },
      { additionalProperties: false },
    ),
    creator: Type.Object(ProfileFields, { additionalProperties: false }),
    inLanguage: Type.String({ examples: ['nl'] }),
    version: Type.String({ description: 'The programme version it belongs to' }),
  },
  {
    title: 'AchievementDocument',
    additionalProperties: false,
    description:
      'What a certificate attests, as an Open Badges 3.0 Achievement (JSON-LD): one per programme version, the same ' +
      'for every holder, with its criteria and badge image.',
  },
);

export const AchievementParams = Type.Object(
  { id: { ...Uuid, description: 'The programme version' } },
  { additionalProperties: false },
);

export type DidDocument = Static<typeof DidDocument>;
export type IssuerProfile = Static<typeof IssuerProfile>;
export type AchievementDocument = Static<typeof AchievementDocument>;
