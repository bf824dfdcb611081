/** The words of the API clients screens; en repeats nl's keys, so none can go missing. */
const nl = {
  resources: {
    'api-clients': {
      name: 'API-client |||| API-clients',
      fields: {
        name: 'Naam',
        clientId: 'Client-ID',
        scopes: 'Rechten',
        organisationId: 'Beperkt tot',
        revoked: 'Ingetrokken',
        createdAt: 'Aangemaakt',
      },
    },
  },
  loket: {
    scopes: {
      'read:catalogue': 'Programma en modules lezen',
      'read:participants': 'Deelnemers, leergroepen en inschrijvingen lezen',
      'write:participants': 'Deelnemers en inschrijvingen wijzigen',
      'write:progress': 'Voortgang melden (e-learning)',
      'read:certificates': 'Certificaten lezen',
      'read:reports': 'Rapportages en evaluaties lezen',
      'read:audit': 'Auditlog lezen',
      'read:events': 'Wijzigingen volgen (gebeurtenissen)',
    },
    api_clients: {
      revoke: 'Intrekken',
      revoke_title: '%{name} intrekken?',
      revoke_content:
        'De koppeling krijgt daarna geen nieuwe tokens meer; tokens die ze al heeft verlopen binnen hun looptijd. Dit kan niet ongedaan worden gemaakt.',
      revoked: '%{name} is ingetrokken',
      organisation_help: 'Leeg: landelijk. Anders ziet de koppeling alleen deze organisatie en alles eronder.',
      secret_title: 'Gegevens voor %{name}',
      secret_once:
        'Het geheim wordt nu één keer getoond en nergens bewaard. Kopieer het naar de koppeling voordat je dit venster sluit.',
      secret: 'Client-geheim',
      secret_use: 'De koppeling vraagt tokens aan bij POST /v1/auth/token met grant_type=client_credentials.',
      secret_stored: 'Ik heb het geheim bewaard',
    },
  },
};

const en: typeof nl = {
  resources: {
    'api-clients': {
      name: 'API client |||| API clients',
      fields: {
        name: 'Name',
        clientId: 'Client ID',
        scopes: 'Scopes',
        organisationId: 'Limited to',
        revoked: 'Revoked',
        createdAt: 'Created',
      },
    },
  },
  loket: {
    scopes: {
      'read:catalogue': 'Read programme and modules',
      'read:participants': 'Read participants, cohorts and enrolments',
      'write:participants': 'Change participants and enrolments',
      'write:progress': 'Report progress (e-learning)',
      'read:certificates': 'Read certificates',
      'read:reports': 'Read reports and evaluations',
      'read:audit': 'Read the audit log',
      'read:events': 'Follow changes (event feed)',
    },
    api_clients: {
      revoke: 'Revoke',
      revoke_title: 'Revoke %{name}?',
      revoke_content:
        'The integration gets no new tokens; tokens it already holds expire within their lifetime. This cannot be undone.',
      revoked: '%{name} has been revoked',
      organisation_help:
        'Empty: national. Otherwise the integration sees only this organisation and everything under it.',
      secret_title: 'Credentials for %{name}',
      secret_once:
        'The secret is shown once now and stored nowhere. Copy it into the integration before closing this window.',
      secret: 'Client secret',
      secret_use: 'The integration requests tokens at POST /v1/auth/token with grant_type=client_credentials.',
      secret_stored: 'I have stored the secret',
    },
  },
};

export const messages = { nl, en };
