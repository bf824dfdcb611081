/** The words of this resource's screens; en repeats nl's keys, so none can go missing. */
const nl = {
  resources: {
    programmes: {
      name: "Programma |||| Programma's",
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
  },
};

const en: typeof nl = {
  resources: {
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
  },
};

export const messages = { nl, en };
