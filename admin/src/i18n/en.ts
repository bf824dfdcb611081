import type { TranslationMessages } from 'ra-core';
import englishMessages from 'ra-language-english';
import type { loketDutch } from './nl';

/** The same keys as the Dutch, so a missing translation is a type error. */
const loketEnglish: typeof loketDutch = {
  loket: {
    title: 'Loket — Front-office learning track',
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
