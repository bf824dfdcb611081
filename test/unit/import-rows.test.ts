import { describe, expect, it } from 'vitest';
import { type CsvRow, rowProblems } from '../../api/src/resources/enrolments/csv';

const row = (values: Partial<CsvRow['values']>): CsvRow => ({
  line: 2,
  values: {
    givenName: 'Fatima',
    nameInfix: '',
    familyName: 'Bakker',
    email: 'f.bakker@hilversum.example',
    jobTitle: '',
    branch: '',
    ...values,
  },
});

describe('a CSV row is checked as POST /participants checks the same fields', () => {
  it('passes a row that request would take, with the optional cells left empty', () => {
    expect(rowProblems(row({}))).toEqual([]);
  });

  it('names each empty required cell by its Dutch column', () => {
    expect(rowProblems(row({ givenName: '', email: '' }))).toEqual([
      { column: 'voornaam', message: 'is empty' },
      { column: 'e-mail', message: 'is empty' },
    ]);
  });

  it('refuses an address the API refuses', () => {
    expect(rowProblems(row({ email: 'kees@' }))).toEqual([
      { column: 'e-mail', message: '"kees@" is not an email address' },
    ]);
  });

  it('takes the length limits from ParticipantCreate, per column', () => {
    expect(
      rowProblems(row({ nameInfix: 'x'.repeat(21), familyName: 'y'.repeat(101), jobTitle: 'z'.repeat(101) })),
    ).toEqual([
      { column: 'tussenvoegsel', message: 'is longer than 20 characters' },
      { column: 'achternaam', message: 'is longer than 100 characters' },
      { column: 'functie', message: 'is longer than 100 characters' },
    ]);
    expect(rowProblems(row({ nameInfix: 'x'.repeat(20) }))).toEqual([]);
  });
});
