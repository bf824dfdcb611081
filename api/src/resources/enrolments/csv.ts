import { parse } from 'csv-parse/sync';
import { bodyCheck } from '../../plugins/validation';
import { ParticipantCreate } from '../participants/schema';

/** The columns of an enrolment import, by their Dutch header, with the English ones accepted too. */
export const importColumns = {
  givenName: { headers: ['voornaam', 'given name', 'givenname', 'first name'], required: true },
  nameInfix: { headers: ['tussenvoegsel', 'infix', 'name infix'], required: false },
  familyName: { headers: ['achternaam', 'family name', 'familyname', 'last name'], required: true },
  email: { headers: ['e-mail', 'email', 'e-mailadres', 'emailadres'], required: true },
  jobTitle: { headers: ['functie', 'job title', 'jobtitle'], required: false },
  branch: { headers: ['vestiging', 'branch', 'locatie'], required: false },
} as const;
export type ImportField = keyof typeof importColumns;

export interface CsvRow {
  line: number;
  values: Record<ImportField, string>;
}

export type CsvParseResult = { ok: true; rows: CsvRow[] } | { ok: false; problem: string };

const normalise = (header: string) =>
  header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

/**
 * Reads an import file: UTF-8, with or without a BOM, comma- or semicolon-separated (Excel in a
 * Dutch locale writes semicolons). The header row names the columns.
 */
export function parseEnrolmentCsv(text: string): CsvParseResult {
  const content = text.replace(/^\uFEFF/, '');
  if (content.trim() === '') return { ok: false, problem: 'The file is empty.' };
  const firstLine = content.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(content, { delimiter, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    return { ok: false, problem: `The file is not valid CSV: ${(error as Error).message}` };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, problem: 'The file is empty.' };
  const positions = new Map<ImportField, number>();
  for (const [field, spec] of Object.entries(importColumns) as Array<
    [ImportField, (typeof importColumns)[ImportField]]
  >) {
    const index = header.findIndex((h) => (spec.headers as readonly string[]).includes(normalise(h)));
    if (index >= 0) positions.set(field, index);
    else if (spec.required) return { ok: false, problem: `The column "${spec.headers[0]}" is missing.` };
  }
  if (body.length === 0) return { ok: false, problem: 'The file has a header but no people.' };
  if (body.length > 5000) return { ok: false, problem: 'Import at most 5000 people at a time.' };
  const rows = body.map((record, i) => {
    const values = {} as Record<ImportField, string>;
    for (const field of Object.keys(importColumns) as ImportField[]) {
      const index = positions.get(field);
      values[field] = index === undefined ? '' : (record[index] ?? '').trim();
    }
    return { line: i + 2, values };
  });
  return { ok: true, rows };
}

/**
 * The columns a row is checked on, each against the same field of ParticipantCreate that
 * POST /participants checks, so a row passes exactly when that request would.
 */
const fields = ParticipantCreate.properties;
const checkedColumns = (
  [
    { field: 'givenName', column: 'voornaam', schema: fields.givenName, required: true },
    { field: 'nameInfix', column: 'tussenvoegsel', schema: fields.nameInfix, required: false },
    { field: 'familyName', column: 'achternaam', schema: fields.familyName, required: true },
    { field: 'email', column: 'e-mail', schema: fields.email, required: true },
    { field: 'jobTitle', column: 'functie', schema: fields.jobTitle, required: false },
  ] as const
).map((spec) => ({ ...spec, check: bodyCheck(spec.schema) }));

/** Problems of one row taken by itself; the service adds those that need the database. */
export interface RowProblem {
  column: string;
  message: string;
  /** For a branch that is not named exactly: the names to choose from. */
  choices?: string[];
}

export function rowProblems(row: CsvRow): RowProblem[] {
  const problems: RowProblem[] = [];
  for (const { field, column, required, check } of checkedColumns) {
    const value = row.values[field];
    // An empty cell is a missing value: an error where the field is required, null where it may be.
    if (value === '') {
      if (required) problems.push({ column, message: 'is empty' });
      continue;
    }
    if (check(value)) continue;
    const tooLong = check.errors?.find((error) => error.keyword === 'maxLength');
    const message = tooLong
      ? `is longer than ${String(tooLong.params.limit)} characters`
      : field === 'email'
        ? `"${value}" is not an email address`
        : (check.errors?.[0]?.message ?? 'is invalid');
    problems.push({ column, message });
  }
  return problems;
}
