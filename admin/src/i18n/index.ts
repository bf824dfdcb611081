import { type I18nProvider, mergeTranslations } from 'ra-core';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { messages as apiClients } from '../api-clients/messages';
import { messages as auditEvents } from '../audit-events/messages';
import { messages as certificates } from '../certificates/messages';
import { messages as cohorts } from '../cohorts/messages';
import { messages as dashboard } from '../dashboard/messages';
import { messages as enrolments } from '../enrolments/messages';
import { messages as evaluations } from '../evaluations/messages';
import { messages as identityProviders } from '../identity-providers/messages';
import { messages as menu } from '../layout/messages';
import { messages as me } from '../me/messages';
import { messages as modules } from '../modules/messages';
import { messages as organisations } from '../organisations/messages';
import { messages as participants } from '../participants/messages';
import { messages as programmes } from '../programmes/messages';
import { messages as sessions } from '../sessions/messages';
import { messages as signIn } from '../sign-in/messages';
import { messages as users } from '../users/messages';
import { en } from './en';
import { nl } from './nl';
import { messages as problems } from './problems';

/** Each screen folder brings its own words, in both languages. */
const screens = [
  organisations,
  participants,
  programmes,
  modules,
  menu,
  auditEvents,
  users,
  apiClients,
  identityProviders,
  signIn,
  certificates,
  dashboard,
  evaluations,
  cohorts,
  sessions,
  enrolments,
  me,
  problems,
];

export const catalogues = {
  nl: mergeTranslations(nl, ...screens.map((screen) => screen.nl)),
  en: mergeTranslations(en, ...screens.map((screen) => screen.en)),
};

const polyglot = polyglotI18nProvider((locale) => (locale === 'en' ? catalogues.en : catalogues.nl), 'nl', [
  { locale: 'nl', name: 'Nederlands' },
  { locale: 'en', name: 'English' },
]);

/** Dutch first, with English on request; the page's lang follows so screen readers pronounce it right. */
export const i18nProvider: I18nProvider = {
  ...polyglot,
  changeLocale: async (locale, options) => {
    await polyglot.changeLocale(locale, options);
    // Also loaded outside a browser (the unit tests), where there is no page.
    const page = (globalThis as { document?: { documentElement: { lang: string } } }).document;
    if (page) page.documentElement.lang = locale;
  },
};
