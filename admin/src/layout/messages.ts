/** The words of the menu; en repeats nl's keys, so none can go missing. */
const nl = {
  loket: {
    menu: {
      label: 'Menu',
      home: 'Naar de startpagina',
      overview: 'Overzicht',
      execution: 'Uitvoering',
      people: 'Organisaties & mensen',
      programme: 'Programma',
      management: 'Beheer',
    },
  },
};

const en: typeof nl = {
  loket: {
    menu: {
      label: 'Menu',
      home: 'To the start page',
      overview: 'Overview',
      execution: 'Delivery',
      people: 'Organisations & people',
      programme: 'Programme',
      management: 'Administration',
    },
  },
};

export const messages = { nl, en };
