import { type ErasureTarget, erasedEmail, namesOfPerson, redactPerson, withholdNames } from '@loket/db';
import { describe, expect, it } from 'vitest';

const participantId = '01936000-0000-7000-8000-00000000000a';
const enrolmentId = '01936000-0000-7000-8000-00000000000b';
const colleagueId = '01936000-0000-7000-8000-00000000000c';
const target: ErasureTarget = {
  participantId,
  recordIds: new Set([enrolmentId]),
  names: ['Anouk de Wit', 'anouk@hilversum.example', 'Anouk Jansen'],
};

describe('redactPerson', () => {
  it('erases the identifying fields of their record and keeps the rest', () => {
    const snapshot = {
      id: participantId,
      organisationId: 'org',
      givenName: 'Anouk',
      nameInfix: 'de',
      familyName: 'Wit',
      email: 'anouk@hilversum.example',
      jobTitle: 'Baliemedewerker',
      version: 3,
    };
    expect(redactPerson(snapshot, target)).toEqual({
      id: participantId,
      organisationId: 'org',
      givenName: 'Verwijderd',
      nameInfix: null,
      familyName: 'Verwijderd',
      email: erasedEmail(participantId),
      jobTitle: null,
      version: 3,
    });
  });

  it('erases them inside a record about them, and leaves a colleague in the same answer alone', () => {
    const answer = {
      data: [
        { id: enrolmentId, participantId, participant: { givenName: 'Anouk', familyName: 'Wit' }, status: 'active' },
        { id: 'other', participantId: colleagueId, participant: { givenName: 'Bram', familyName: 'Bos' } },
      ],
    };
    expect(redactPerson(answer, target)).toEqual({
      data: [
        {
          id: enrolmentId,
          participantId,
          participant: { givenName: 'Verwijderd', familyName: 'Verwijderd' },
          status: 'active',
        },
        answer.data[1],
      ],
    });
  });

  it('clears their comments and report lines, keeping ratings and reasons', () => {
    expect(redactPerson({ enrolmentId, rating: 4, comment: 'Ik vond het goed' }, target)).toEqual({
      enrolmentId,
      rating: 4,
      comment: null,
    });
    expect(
      redactPerson(
        [
          { item: 'Anouk de Wit', reason: 'Module boekstart: not_started', itemId: enrolmentId },
          { item: 'Bram Bos', reason: 'Module boekstart: not_started', itemId: 'other' },
        ],
        target,
      ),
    ).toEqual([
      { item: 'Verwijderd', reason: 'Module boekstart: not_started', itemId: enrolmentId },
      { item: 'Bram Bos', reason: 'Module boekstart: not_started', itemId: 'other' },
    ]);
  });

  it('withholds their names and addresses wherever someone wrote them, in any case', () => {
    const colleague = { enrolmentId: 'other', comment: 'Met ANOUK DE WIT geoefend (anouk@hilversum.example).' };
    expect(redactPerson(colleague, target)).toEqual({
      enrolmentId: 'other',
      comment: 'Met [verwijderd] geoefend ([verwijderd]).',
    });
    expect(redactPerson({ reason: 'Uitgereikt aan Anouk Jansen.' }, target)).toEqual({
      reason: 'Uitgereikt aan [verwijderd].',
    });
    expect(redactPerson({ comment: 'Anouk was er niet' }, target)).toEqual({ comment: 'Anouk was er niet' });
  });

  it('changes nothing without names', () => {
    const value = { reason: 'x', list: [1, null, true] };
    expect(redactPerson(value, { participantId, recordIds: new Set(), names: [] })).toEqual(value);
    expect(withholdNames('Anouk de Wit', { participantId, recordIds: new Set(), names: [''] })).toBe('Anouk de Wit');
  });
});

describe('namesOfPerson', () => {
  it('finds every name and address they had, not a colleague’s, nor an earlier erasure’s', () => {
    const history = [
      { id: participantId, givenName: 'Anouk', familyName: 'Jansen', email: 'a.jansen@oud.example' },
      { id: participantId, givenName: 'Anouk', nameInfix: 'de', familyName: 'Wit', email: 'anouk@hilversum.example' },
      { id: 'account', participantId, displayName: 'Anouk de Wit (balie)', email: 'anouk@hilversum.example' },
      { id: colleagueId, givenName: 'Bram', familyName: 'Bos', email: 'bram@hilversum.example' },
      { enrolmentId, participantName: 'Anouk de Wit' },
      { id: participantId, givenName: 'Verwijderd', familyName: 'Verwijderd', email: erasedEmail(participantId) },
      { id: participantId, givenName: 'A', familyName: 'B' },
    ];
    expect(new Set(namesOfPerson(history, { participantId, recordIds: new Set([enrolmentId]) }))).toEqual(
      new Set([
        'Anouk Jansen',
        'a.jansen@oud.example',
        'Anouk de Wit',
        'Anouk Wit',
        'anouk@hilversum.example',
        'Anouk de Wit (balie)',
      ]),
    );
  });
});
