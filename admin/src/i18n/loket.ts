/** Loket's own words: resource and field names, choices and screens, in Dutch and English. */
export const loketDutch = {
  loket: {
    title: 'Loket — Leertraject Frontoffice',
    dashboard: {
      welcome: 'Welkom bij Loket',
      intro:
        'Hier beheren de KB, de POI-adviseurs en de bibliotheken het Leertraject Frontoffice en basisvaardigheden: zes e-learningmodules, een kick-off en twee teambijeenkomsten, en een certificaat.',
      docs: 'API-documentatie',
    },
    kinds: { national: 'Landelijk', poi: 'POI', library: 'Bibliotheek', branch: 'Vestiging', partner: 'Partner' },
    version_status: { draft: 'Concept', published: 'Gepubliceerd', retired: 'Vervallen' },
    stale: 'Iemand anders heeft dit record intussen gewijzigd. Laad de pagina opnieuw en probeer het nog eens.',
  },
  resources: {
    organisations: {
      name: 'Organisatie |||| Organisaties',
      fields: {
        kind: 'Soort',
        parentId: 'Valt onder',
        name: 'Naam',
        shortName: 'Korte naam',
        province: 'Provincie',
        city: 'Plaats',
        email: 'E-mail',
        phone: 'Telefoon',
        website: 'Website',
        q: 'Zoeken',
        within: 'Binnen',
        updatedAt: 'Gewijzigd',
      },
    },
    participants: {
      name: 'Deelnemer |||| Deelnemers',
      fields: {
        organisationId: 'Bibliotheek of vestiging',
        givenName: 'Voornaam',
        nameInfix: 'Tussenvoegsel',
        familyName: 'Achternaam',
        email: 'E-mail',
        jobTitle: 'Functie',
        q: 'Zoeken',
        updatedAt: 'Gewijzigd',
      },
    },
    programmes: {
      name: 'Programma |||| Programma\u2019s',
      fields: {
        code: 'Code',
        name: 'Naam',
        description: 'Beschrijving',
        versions: 'Versies',
        number: 'Versie',
        status: 'Status',
        publishedAt: 'Gepubliceerd op',
      },
    },
    modules: {
      name: 'Module |||| Modules',
      fields: {
        position: 'Nr.',
        code: 'Code',
        title: 'Titel',
        'theme.title': 'Thema',
        summary: 'Samenvatting',
        estimatedMinutes: 'Duur (minuten)',
        learningGoals: 'Leerdoelen',
        activityIri: 'Activiteit (xAPI)',
        bodyHtml: 'Inhoud',
      },
    },
  },
};

export const loketEnglish: typeof loketDutch = {
  loket: {
    title: 'Loket — Front-office learning track',
    dashboard: {
      welcome: 'Welcome to Loket',
      intro:
        'KB staff, POI advisers and libraries run the front-office learning track here: six e-learning modules, a kick-off and two team meetings, and a certificate.',
      docs: 'API documentation',
    },
    kinds: { national: 'National', poi: 'POI', library: 'Library', branch: 'Branch', partner: 'Partner' },
    version_status: { draft: 'Draft', published: 'Published', retired: 'Retired' },
    stale: 'Someone else changed this record in the meantime. Reload the page and try again.',
  },
  resources: {
    organisations: {
      name: 'Organisation |||| Organisations',
      fields: {
        kind: 'Kind',
        parentId: 'Part of',
        name: 'Name',
        shortName: 'Short name',
        province: 'Province',
        city: 'City',
        email: 'Email',
        phone: 'Phone',
        website: 'Website',
        q: 'Search',
        within: 'Within',
        updatedAt: 'Updated',
      },
    },
    participants: {
      name: 'Participant |||| Participants',
      fields: {
        organisationId: 'Library or branch',
        givenName: 'Given name',
        nameInfix: 'Infix',
        familyName: 'Family name',
        email: 'Email',
        jobTitle: 'Job title',
        q: 'Search',
        updatedAt: 'Updated',
      },
    },
    programmes: {
      name: 'Programme |||| Programmes',
      fields: {
        code: 'Code',
        name: 'Name',
        description: 'Description',
        versions: 'Versions',
        number: 'Version',
        status: 'Status',
        publishedAt: 'Published',
      },
    },
    modules: {
      name: 'Module |||| Modules',
      fields: {
        position: 'No.',
        code: 'Code',
        title: 'Title',
        'theme.title': 'Theme',
        summary: 'Summary',
        estimatedMinutes: 'Duration (minutes)',
        learningGoals: 'Learning goals',
        activityIri: 'Activity (xAPI)',
        bodyHtml: 'Text',
      },
    },
  },
};
