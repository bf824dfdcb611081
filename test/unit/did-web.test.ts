import { didUrlToHttpsUrl } from '@digitalbazaar/did-method-web';
import { describe, expect, it } from 'vitest';
import { didDocumentPath, didWebFor } from '../../api/src/credentials/index';
import { criteriaNarrative, holderNarrative } from '../../api/src/resources/issuer/achievement';

describe('the did:web DID of PUBLIC_URL', () => {
  it('follows the did:web specification: the port percent-encoded, a path as colon-separated parts', () => {
    expect(didWebFor('https://loket.example')).toBe('did:web:loket.example');
    expect(didWebFor('http://localhost:3000')).toBe('did:web:localhost%3A3000');
    expect(didWebFor('https://bibliotheek.example/loket')).toBe('did:web:bibliotheek.example:loket');
    expect(didWebFor('https://bibliotheek.example:8443/diensten/loket/')).toBe(
      'did:web:bibliotheek.example%3A8443:diensten:loket',
    );
  });

  it('is resolved by the stock did:web resolver at the document Loket serves', () => {
    for (const base of ['https://loket.example', 'https://localhost:3000', 'https://bibliotheek.example/loket']) {
      const { baseUrl } = didUrlToHttpsUrl(didWebFor(base));
      expect(baseUrl).toBe(`${base}${didDocumentPath(base)}`);
    }
    expect(didDocumentPath('https://loket.example')).toBe('/.well-known/did.json');
    expect(didDocumentPath('https://bibliotheek.example/loket')).toBe('/did.json');
  });
});

describe('what an achievement says', () => {
  const source = {
    versionId: '0193a0c4-1c2d-7e3f-8a9b-0c1d2e3f4a5b',
    number: 1,
    summary: 'Samenvatting',
    programmeName: 'Leertraject Frontoffice en basisvaardigheden',
    moduleTitles: ['BoekStart', 'Onze activiteiten'],
    completionRule: {
      requireAllChosenModules: true,
      requiredSessionTypes: ['kickoff', 'team_meeting'] as Array<'kickoff' | 'team_meeting'>,
      excusedAbsenceWaivable: true,
    },
    meetingPlan: [
      { type: 'kickoff' as const, sequence: 1, title: 'Kick-off', weekOffset: 0, durationMinutes: 90, agenda: ['a'] },
      {
        type: 'team_meeting' as const,
        sequence: 2,
        title: 'Team 1',
        weekOffset: 4,
        durationMinutes: 90,
        agenda: ['a'],
      },
      {
        type: 'team_meeting' as const,
        sequence: 3,
        title: 'Team 2',
        weekOffset: 8,
        durationMinutes: 90,
        agenda: ['a'],
      },
    ],
  };

  it('states the completion rule in Dutch', () => {
    expect(criteriaNarrative(source)).toBe(
      'Uitgereikt aan een medewerker van een openbare bibliotheek die:\n\n' +
        '- alle e-learningmodules heeft afgerond die de bibliotheek voor de groep koos, uit: BoekStart en Onze activiteiten;\n' +
        '- aanwezig was bij de kick-off en bij beide teambijeenkomsten.\n\n' +
        'Een afmelding met geldige reden kan de coördinator van de bibliotheek laten meetellen.',
    );
    const oneMeeting = {
      ...source,
      completionRule: {
        ...source.completionRule,
        requiredSessionTypes: ['team_meeting' as const],
        excusedAbsenceWaivable: false,
      },
      meetingPlan: source.meetingPlan.slice(0, 2),
    };
    expect(criteriaNarrative(oneMeeting)).toMatch(/- aanwezig was bij de teambijeenkomst\.$/);
  });

  it('tells what the holder did', () => {
    expect(holderNarrative([{ title: 'BoekStart' }], [{ title: 'Kick-off', date: '2018-12-10' }])).toBe(
      'Afgeronde modules: BoekStart.\n\nBijgewoonde bijeenkomsten: Kick-off (10 december 2018).',
    );
  });
});
