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
  loket: {
    programme: {
      version: 'Versie %{number}',
      current: 'nieuwe leergroepen starten op versie %{number} (gepubliceerd %{date})',
      history: 'Versiegeschiedenis',
      history_help:
        'Lopende leergroepen houden de versie waarmee ze begonnen. Een nieuwe versie geldt voor leergroepen die daarna worden aangemaakt.',
      changes: 'Samenvatting',
      actions: 'Acties',
      modules_of: 'Modules van versie %{number}',
      publish: 'Nieuwe versie publiceren',
      publish_title: 'Versie %{number} publiceren?',
      publish_content:
        'Nieuwe leergroepen starten daarna op versie %{number}; versie %{current} vervalt. Lopende leergroepen houden hun versie.',
      publish_first: 'Nieuwe leergroepen starten daarna op versie %{number}.',
      published: 'Versie %{number} is gepubliceerd',
      draft: 'Nieuwe versie opstellen',
      draft_help:
        'De nieuwe versie neemt de teksten van versie %{number} over. Kies de modules en de bijeenkomsten; titels en agenda’s blijven zoals het programma ze beschrijft. Daarna staat de versie als concept klaar om te publiceren.',
      draft_summary: 'Wat verandert er?',
      draft_summary_help: 'Verschijnt als samenvatting in de versiegeschiedenis. Leeg: die van de huidige versie.',
      draft_modules: 'Modules',
      draft_meetings: 'Bijeenkomsten',
      draft_meetings_help:
        'Vink aan welke bijeenkomsten nieuwe leergroepen krijgen, in deze volgorde. De week telt vanaf de start van de leergroep.',
      draft_week: 'Week (%{title})',
      draft_week_short: 'Week',
      draft_duration: 'Duur in minuten (%{title})',
      draft_duration_short: 'Duur (minuten)',
      draft_up: '%{title} eerder',
      draft_down: '%{title} later',
      draft_save: 'Concept opslaan',
      drafted: 'Versie %{number} staat als concept klaar',
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
  loket: {
    programme: {
      version: 'Version %{number}',
      current: 'new cohorts start on version %{number} (published %{date})',
      history: 'Version history',
      history_help:
        'Running cohorts keep the version they started on. A new version applies to cohorts created after it.',
      changes: 'Summary',
      actions: 'Actions',
      modules_of: 'Modules of version %{number}',
      publish: 'Publish new version',
      publish_title: 'Publish version %{number}?',
      publish_content:
        'New cohorts will then start on version %{number}; version %{current} is retired. Running cohorts keep theirs.',
      publish_first: 'New cohorts will then start on version %{number}.',
      published: 'Version %{number} has been published',
      draft: 'Draft a new version',
      draft_help:
        'The new version takes the texts of version %{number}. Choose the modules and the meetings; titles and agendas stay as the programme describes them. The version then waits as a draft to be published.',
      draft_summary: 'What changes?',
      draft_summary_help: 'Shown as the summary in the version history. Empty: that of the current version.',
      draft_modules: 'Modules',
      draft_meetings: 'Meetings',
      draft_meetings_help:
        'Tick the meetings new cohorts get, in this order. The week counts from the start of the cohort.',
      draft_week: 'Week (%{title})',
      draft_week_short: 'Week',
      draft_duration: 'Duration in minutes (%{title})',
      draft_duration_short: 'Duration (minutes)',
      draft_up: '%{title} earlier',
      draft_down: '%{title} later',
      draft_save: 'Save draft',
      drafted: 'Version %{number} is ready as a draft',
    },
  },
};

export const messages = { nl, en };
