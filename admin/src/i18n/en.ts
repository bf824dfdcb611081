import type { TranslationMessages } from 'ra-core';
import englishMessages from 'ra-language-english';
import type { loketDutch } from './nl';

/** The same keys as the Dutch, so a missing translation is a type error. */
const loketEnglish: typeof loketDutch = {
  loket: {
    title: 'Loket — Front-office learning track',
    dashboard: {
      welcome: 'Welcome to Loket',
      intro:
        'KB staff, POI advisers and libraries run the front-office learning track here: six e-learning modules, a kick-off and two team meetings, and a certificate for those who complete it.',
      api: 'Loket is an open REST API; this admin is one of its clients. E-learning players, intranets and reporting tools use the same API.',
      docs: 'API documentation',
    },
    kinds: { national: 'National', poi: 'POI', library: 'Library', branch: 'Branch', partner: 'Partner' },
    themes: { 'sociaal-domein': 'Social domain', laaggeletterdheid: 'Breaking the cycle of low literacy' },
    version_status: { draft: 'Draft', published: 'Published', retired: 'Retired' },
    module: 'Module %{position}: %{title}',
  },
};

export const en: TranslationMessages = {
  ...englishMessages,
  ra: { ...englishMessages.ra, auth: { ...englishMessages.ra.auth, username: 'Email' } },
  ...loketEnglish,
};
