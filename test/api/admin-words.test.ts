import { describe, expect, it } from 'vitest';
import { i18nProvider } from '../../admin/src/i18n';
import { describe as inWords } from '../../admin/src/i18n/problems';
import type { TestApp } from '../support/app';
import { inTwoProvinces } from '../support/provinces';
import { created } from '../support/records';

/**
 * The admin says the API's refusals in Dutch from their code and parameters. These are the API's
 * own answers, not copies of them, so a renamed code or parameter shows up here as an unknown refusal.
 */
let t: TestApp;
const { org } = inTwoProvinces((app) => {
  t = app;
});

const dutch = (response: { status: number; body: unknown }) =>
  inWords(response.body as { code?: string; params?: Record<string, unknown> }, response.status, (key, options) =>
    i18nProvider.translate(key, options),
  );

const cohortBody = (overrides: Record<string, unknown> = {}) => ({
  organisationId: org.library,
  phase: 'rollout',
  startsOn: '2019-03-04',
  endsOn: '2019-06-03',
  moduleCodes: ['boekstart'],
  ...overrides,
});

describe('the admin’s words for real refusals of the API', () => {
  it('says what still hangs under an organisation that cannot be deleted', async () => {
    const response = await t.http().delete(`/v1/organisations/${org.poi}`);
    expect(response.status).toBe(409);
    expect(dutch(response)).toBe(
      'De organisatie heeft nog 1 onderliggende organisatie, 1 account. Verplaats of verwijder die eerst.',
    );
  });

  it('names both statuses of a step a cohort cannot take', async () => {
    const cohort = await created(t, '/v1/cohorts', cohortBody());
    const response = await t.http().patch(`/v1/cohorts/${cohort.id}`).send({ status: 'closed' });
    expect(response.status).toBe(409);
    expect(dutch(response)).toBe('Een leergroep met de status “Gepland” kan niet naar “Afgesloten”.');
  });

  it('says a cohort cannot end before it starts', async () => {
    const response = await t
      .http()
      .post('/v1/cohorts')
      .send(cohortBody({ endsOn: '2019-01-01' }));
    expect(response.status).toBe(422);
    expect(dutch(response)).toBe('De leergroep kan niet eindigen voordat hij begint.');
  });

  it('says a cohort belongs to a library, naming the kind it was given', async () => {
    const response = await t
      .http()
      .post('/v1/cohorts')
      .send(cohortBody({ organisationId: org.poi }));
    expect(response.status).toBe(422);
    expect(dutch(response)).toBe('Een leergroep hoort bij een bibliotheek, niet bij “POI”.');
  });

  it('says a record is not found', async () => {
    const response = await t.http().get('/v1/cohorts/019367a2-4c1e-7b7a-9c3e-2f1d8a6b5c4d');
    expect(response.status).toBe(404);
    expect(dutch(response)).toBe('Dit bestaat niet (meer), of je hebt er geen toegang toe.');
  });
});
