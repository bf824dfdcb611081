import { expect, it, describe as suite } from 'vitest';
import { i18nProvider } from '../../admin/src/i18n';
import { describe } from '../../admin/src/i18n/problems';

/** The admin says each refusal of the API in Dutch from its code and parameters, with names, not codes. */
const translate = (key: string, options?: Record<string, unknown>) => i18nProvider.translate(key, options);

suite('a refusal in the user’s words', () => {
  it('counts what still hangs under an organisation', () => {
    expect(
      describe({ code: 'organisation-has-dependants', params: { children: 4, participants: 5 } }, 409, translate),
    ).toBe('De organisatie heeft nog 4 onderliggende organisaties, 5 deelnemers. Verplaats of verwijder die eerst.');
  });

  it('names statuses, kinds and missing modules in Dutch', () => {
    expect(describe({ code: 'invalid-transition', params: { from: 'planned', to: 'closed' } }, 409, translate)).toBe(
      'Een leergroep met de status “Gepland” kan niet naar “Afgesloten”.',
    );
    expect(describe({ code: 'cohort-not-library', params: { kind: 'branch' } }, 422, translate)).toBe(
      'Een leergroep hoort bij een bibliotheek, niet bij “Vestiging”.',
    );
    expect(
      describe({ code: 'missing-module', params: { title: 'Nieuwe klanten', reason: 'not_started' } }, 409, translate),
    ).toBe('Module Nieuwe klanten: nog niet begonnen');
    expect(describe({ code: 'cohort-ends-before-start', params: {} }, 422, translate)).toBe(
      'De leergroep kan niet eindigen voordat hij begint.',
    );
  });

  it('says a field rule with its limit', () => {
    expect(describe({ code: 'maxLength', params: { limit: 200 } }, 422, translate)).toBe('Hoogstens 200 tekens');
  });

  it('falls back on a Dutch sentence for a code it does not know, never on the English detail', () => {
    expect(describe({ code: 'from-a-newer-api' }, 409, translate)).toBe('Het verzoek is geweigerd (fout 409).');
    expect(describe(null, 500, translate)).toBe('Het verzoek is geweigerd (fout 500).');
  });

  it('follows the English switch', async () => {
    await i18nProvider.changeLocale('en');
    try {
      expect(describe({ code: 'cohort-ends-before-start' }, 422, translate)).toBe(
        'The cohort cannot end before it starts.',
      );
    } finally {
      await i18nProvider.changeLocale('nl');
    }
  });
});
