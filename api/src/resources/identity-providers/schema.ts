import Type, { type Static } from 'typebox';
import { listOf, listQuery, Timestamp, Uuid, Version } from '../../lib/schemas';

const Domain = Type.String({
  maxLength: 253,
  pattern: '^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$',
  description: 'An e-mail domain, e.g. bibliotheek-hilversum.nl (stored in lower case)',
  examples: ['bibliotheekhilversum.nl'],
});

const editable = {
  name: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Shown on the sign-in page',
    examples: ['Microsoft 365 Bibliotheek Hilversum'],
  }),
  issuerUrl: Type.String({
    format: 'uri',
    maxLength: 500,
    description:
      'The OpenID Connect issuer; its /.well-known/openid-configuration must name exactly this issuer. ' +
      'Microsoft Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0; Google: https://accounts.google.com',
    examples: ['https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0'],
  }),
  clientId: Type.String({ minLength: 1, maxLength: 200, description: 'The application (client) id at the provider' }),
  allowedDomains: Type.Array(Domain, {
    minItems: 1,
    maxItems: 20,
    uniqueItems: true,
    description:
      'Whose addresses sign in through this provider; a domain belongs to one provider. A signed-in address ' +
      'must be of one of them',
  }),
  provisionParticipants: Type.Boolean({
    description:
      'Someone with a verified address of an allowed domain but no account in Loket becomes a participant of the ' +
      'library (only for a library). Otherwise they are refused',
  }),
  passwordSignIn: Type.Boolean({
    description:
      'Whether people of these domains may still sign in with a Loket password (false: only through the provider)',
  }),
  enabled: Type.Boolean({ description: 'A disabled provider signs nobody in; passwords work again for its domains' }),
};

export const IdentityProvider = Type.Object(
  {
    id: Uuid,
    organisationId: { ...Uuid, description: 'The KB, a POI or a library: only accounts within it sign in through it' },
    ...editable,
    redirectUri: Type.String({
      format: 'uri',
      description: 'The redirect URI to register at the provider (Loket\u2019s callback)',
    }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  {
    title: 'IdentityProvider',
    additionalProperties: false,
    description:
      'An OpenID Connect provider an organisation\u2019s staff sign in with. The client secret is never answered.',
  },
);

const ClientSecret = Type.String({
  minLength: 1,
  maxLength: 500,
  description: 'The client secret at the provider: stored encrypted, never answered',
});

export const IdentityProviderCreate = Type.Object(
  {
    organisationId: Uuid,
    name: editable.name,
    issuerUrl: editable.issuerUrl,
    clientId: editable.clientId,
    clientSecret: ClientSecret,
    allowedDomains: editable.allowedDomains,
    provisionParticipants: Type.Optional({ ...editable.provisionParticipants, default: false }),
    passwordSignIn: Type.Optional({ ...editable.passwordSignIn, default: false }),
    enabled: Type.Optional({ ...editable.enabled, default: true }),
  },
  {
    title: 'IdentityProviderCreate',
    additionalProperties: false,
    examples: [
      {
        organisationId: '019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d',
        name: 'Microsoft 365 Bibliotheek Hilversum',
        issuerUrl: 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0',
        clientId: '6731de76-14a6-49ae-97bc-6eba6914391e',
        clientSecret: 'the-secret-the-provider-gave',
        allowedDomains: ['bibliotheekhilversum.nl'],
        provisionParticipants: true,
      },
    ],
  },
);

export const IdentityProviderPatch = Type.Partial(
  Type.Object({ ...editable, clientSecret: ClientSecret }, { additionalProperties: false }),
  {
    title: 'IdentityProviderPatch',
    additionalProperties: false,
    description: 'JSON merge patch',
    examples: [{ passwordSignIn: false }],
  },
);

export const IdentityProviderQuery = listQuery(['name', 'createdAt'], { organisationId: Type.Optional(Uuid) }, 'name');
export const IdentityProviderList = listOf(IdentityProvider, 'IdentityProviderList');

export type IdentityProvider = Static<typeof IdentityProvider>;
export type IdentityProviderCreate = Static<typeof IdentityProviderCreate>;
export type IdentityProviderPatch = Static<typeof IdentityProviderPatch>;
export type IdentityProviderQuery = Static<typeof IdentityProviderQuery>;
