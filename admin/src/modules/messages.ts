/** The words of this resource's screens; en repeats nl's keys, so none can go missing. */
const nl = {
  resources: {
    modules: {
      name: 'Module |||| Modules',
      fields: {
        position: 'Nr.',
        code: 'Code',
        title: 'Titel',
        theme: 'Thema',
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

const en: typeof nl = {
  resources: {
    modules: {
      name: 'Module |||| Modules',
      fields: {
        position: 'No.',
        code: 'Code',
        title: 'Title',
        theme: 'Theme',
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

export const messages = { nl, en };
