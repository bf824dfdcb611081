import type { TranslationMessages } from 'ra-core';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import dutchMessages from 'ra-language-dutch';
import englishMessages from 'ra-language-english';
import { loketDutch, loketEnglish } from './loket';

type Messages = Record<string, unknown>;

/** Deep merge: react-admin 5 added keys the Dutch pack (written for 4) lacks; those fall back to English. */
function merge(base: Messages, overrides: Messages): Messages {
  const result: Messages = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = result[key];
    result[key] =
      value && typeof value === 'object' && current && typeof current === 'object'
        ? merge(current as Messages, value as Messages)
        : value;
  }
  return result;
}

const messages: Record<string, TranslationMessages> = {
  nl: merge(merge(englishMessages as Messages, dutchMessages as Messages), loketDutch) as TranslationMessages,
  en: merge(englishMessages as Messages, loketEnglish) as TranslationMessages,
};

export const i18nProvider = polyglotI18nProvider(
  (locale) => messages[locale] ?? (messages.nl as TranslationMessages),
  'nl',
  [
    { locale: 'nl', name: 'Nederlands' },
    { locale: 'en', name: 'English' },
  ],
);
