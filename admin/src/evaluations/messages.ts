/** The words of the evaluation screens; en repeats nl's keys, so none can go missing. */
const nl = {
  resources: {
    evaluations: {
      name: 'Evaluatie |||| Evaluaties',
      fields: {
        createdAt: 'Ingevuld op',
        subjectType: 'Over',
        subjectId: 'Onderdeel',
        rating: 'Oordeel',
        comment: 'Toelichting',
        cohortId: 'Leergroep',
      },
    },
  },
  loket: {
    evaluations: {
      title: 'Evaluaties',
      summary: 'Samenvatting',
      intro:
        'Deelnemers geven na elke module, na elke bijeenkomst en aan het einde van het traject een oordeel van 1 (slecht) tot 5 (uitstekend), met antwoorden op vaste vragen en een toelichting.',
      group_by: 'Samenvatten per',
      groups: { cohort: 'groep', library: 'bibliotheek' },
      phase: 'Fase',
      phases: { all: 'Alle fasen', pilot: 'Pilot', rollout: 'Landelijke uitrol' },
      subjects: { module: 'Modules', session: 'Bijeenkomsten', cohort: 'Het traject' },
      group: 'Groep of bibliotheek',
      target: 'Over',
      responses: 'Reacties',
      average: 'Gemiddeld',
      questions: 'Gemiddelde per vraag',
      distribution: 'Verdeling 1–5',
      rating_of: '%{rating} van 5',
      none: 'Nog geen evaluaties binnen jouw werkgebied.',
      comments: 'Toelichtingen',
      no_comment: '(geen toelichting)',
      chart: 'Gemiddeld oordeel per %{group}',
      chart_desc: 'Het gemiddelde oordeel (1 tot 5) over de modules, de bijeenkomsten en het traject.',
    },
  },
};

const en: typeof nl = {
  resources: {
    evaluations: {
      name: 'Evaluation |||| Evaluations',
      fields: {
        createdAt: 'Submitted',
        subjectType: 'About',
        subjectId: 'Subject',
        rating: 'Rating',
        comment: 'Comment',
        cohortId: 'Cohort',
      },
    },
  },
  loket: {
    evaluations: {
      title: 'Evaluations',
      summary: 'Summary',
      intro:
        'After each module, each meeting and at the end of the programme, participants give a rating from 1 (poor) to 5 (excellent), with answers to set questions and a comment.',
      group_by: 'Summarise per',
      groups: { cohort: 'cohort', library: 'library' },
      phase: 'Phase',
      phases: { all: 'All phases', pilot: 'Pilot', rollout: 'National rollout' },
      subjects: { module: 'Modules', session: 'Meetings', cohort: 'The programme' },
      group: 'Cohort or library',
      target: 'About',
      responses: 'Responses',
      average: 'Average',
      questions: 'Average per question',
      distribution: 'Distribution 1–5',
      rating_of: '%{rating} of 5',
      none: 'No evaluations within your area yet.',
      comments: 'Comments',
      no_comment: '(no comment)',
      chart: 'Average rating per %{group}',
      chart_desc: 'The average rating (1 to 5) of the modules, the meetings and the programme.',
    },
  },
};

export const messages = { nl, en };
