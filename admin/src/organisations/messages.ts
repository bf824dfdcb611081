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
};

export const messages = { nl, en };
