/** The words of this resource's screens; en repeats nl's keys, so none can go missing. */
const nl = {
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
        email: 'E-mailadres',
        phone: 'Telefoon',
        website: 'Website',
        q: 'Zoeken',
        within: 'Binnen POI',
        createdAt: 'Aangemaakt',
        updatedAt: 'Gewijzigd',
      },
    },
  },
  loket: {
    tree: {
      label: 'Organisatieboom',
      view: 'Weergave',
      as_tree: 'Boom',
      as_table: 'Tabel',
      expand: '%{name} uitklappen',
      collapse: '%{name} inklappen',
      empty: 'Geen organisaties hieronder',
      cohorts: '%{smart_count} leergroep |||| %{smart_count} leergroepen',
      participants: '%{smart_count} deelnemer |||| %{smart_count} deelnemers',
    },
    organisation_overview: {
      details: 'Gegevens',
      cohorts: 'Leergroepen',
      people: 'Deelnemers',
      meetings: 'Bijeenkomsten',
      certificates: 'Certificaten',
      person: 'Naam',
      no_meetings: 'Hier zijn nog geen leergroepen, en dus geen bijeenkomsten.',
    },
  },
};

const en: typeof nl = {
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
        within: 'Within POI',
        createdAt: 'Created',
        updatedAt: 'Updated',
      },
    },
  },
  loket: {
    tree: {
      label: 'Organisation tree',
      view: 'View',
      as_tree: 'Tree',
      as_table: 'Table',
      expand: 'Expand %{name}',
      collapse: 'Collapse %{name}',
      empty: 'No organisations below',
      cohorts: '%{smart_count} cohort |||| %{smart_count} cohorts',
      participants: '%{smart_count} participant |||| %{smart_count} participants',
    },
    organisation_overview: {
      details: 'Details',
      cohorts: 'Cohorts',
      people: 'Participants',
      meetings: 'Meetings',
      certificates: 'Certificates',
      person: 'Name',
      no_meetings: 'There are no cohorts here yet, and so no meetings.',
    },
  },
};

export const messages = { nl, en };
