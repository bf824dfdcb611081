import type { I18nProvider } from 'ra-core';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { en } from './en';
import { nl } from './nl';

const polyglot = polyglotI18nProvider((locale) => (locale === 'en' ? en : nl), 'nl', [
  { locale: 'nl', name: 'Nederlands' },
  { locale: 'en', name: 'English' },
]);

/** Dutch first, with English on request; the page's lang follows so screen readers pronounce it right. */
export const i18nProvider: I18nProvider = {
  ...polyglot,
  changeLocale: async (locale, options) => {
    await polyglot.changeLocale(locale, options);
    document.documentElement.lang = locale;
  },
};
