/** The words of this resource's screens; en repeats nl's keys, so none can go missing. */
const nl = {
  resources: {
    participants: {
      name: 'Deelnemer |||| Deelnemers',
      fields: {
        organisationId: 'Bibliotheek of vestiging',
        givenName: 'Voornaam',
        nameInfix: 'Tussenvoegsel',
        familyName: 'Achternaam',
        email: 'E-mailadres',
        jobTitle: 'Functie',
        q: 'Zoeken',
        createdAt: 'Aangemaakt',
        updatedAt: 'Gewijzigd',
      },
    },
  },
};

const en: typeof nl = {
  resources: {
    participants: {
      name: 'Participant |||| Participants',
      fields: {
        organisationId: 'Library or branch',
        givenName: 'Given name',
        nameInfix: 'Name infix',
        familyName: 'Family name',
        email: 'Email',
        jobTitle: 'Job title',
        q: 'Search',
        createdAt: 'Created',
        updatedAt: 'Updated',
      },
    },
  },
};

export const messages = { nl, en };
