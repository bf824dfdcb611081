/** The words of the identity provider screens (KB staff only); en repeats nl's keys. */
const nl = {
  resources: {
    'identity-providers': {
      name: 'Inlogkoppeling |||| Inlogkoppelingen',
      fields: {
        organisationId: 'Organisatie',
        name: 'Naam op de aanmeldpagina',
        issuerUrl: 'Issuer-URL',
        clientId: 'Client-ID (applicatie-ID)',
        clientSecret: 'Client-geheim',
        allowedDomains: 'E-maildomeinen',
        provisionParticipants: 'Nieuwe medewerkers worden deelnemer',
        passwordSignIn: 'Wachtwoord mag ook',
        enabled: 'Actief',
        redirectUri: 'Redirect-URI',
        createdAt: 'Aangemaakt',
      },
    },
  },
  loket: {
    identity_providers: {
      issuer_help:
        'Microsoft Entra ID: https://login.microsoftonline.com/<tenant-ID>/v2.0 — Google Workspace: https://accounts.google.com',
      secret_help: 'Wordt versleuteld bewaard en nooit meer getoond.',
      secret_keep: 'Leeg laten om het huidige geheim te houden.',
      domain: 'Domein',
      domains_help: 'Wie met een adres van deze domeinen inlogt, gaat via deze koppeling.',
      provision_help: 'Alleen voor een bibliotheek: wie nog geen account heeft, wordt deelnemer van de bibliotheek.',
      redirect_help: 'Registreer deze URL als redirect-URI bij de identity provider.',
    },
  },
};

const en: typeof nl = {
  resources: {
    'identity-providers': {
      name: 'Identity provider |||| Identity providers',
      fields: {
        organisationId: 'Organisation',
        name: 'Name on the sign-in page',
        issuerUrl: 'Issuer URL',
        clientId: 'Client ID (application ID)',
        clientSecret: 'Client secret',
        allowedDomains: 'E-mail domains',
        provisionParticipants: 'New staff become participants',
        passwordSignIn: 'Passwords allowed too',
        enabled: 'Active',
        redirectUri: 'Redirect URI',
        createdAt: 'Created',
      },
    },
  },
  loket: {
    identity_providers: {
      issuer_help:
        'Microsoft Entra ID: https://login.microsoftonline.com/<tenant ID>/v2.0 — Google Workspace: https://accounts.google.com',
      secret_help: 'Stored encrypted and never shown again.',
      secret_keep: 'Leave empty to keep the current secret.',
      domain: 'Domain',
      domains_help: 'Whoever signs in with an address of these domains goes through this provider.',
      provision_help: 'Only for a library: someone without an account becomes a participant of the library.',
      redirect_help: 'Register this URL as the redirect URI at the identity provider.',
    },
  },
};

export const messages = { nl, en };
