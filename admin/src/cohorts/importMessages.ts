/** A translation key with its values, for react-admin's translate(). */
export interface Phrase {
  key: string;
  values?: Record<string, string | number>;
}

/**
 * The API words its import problems in English (api/src/resources/enrolments/csv.ts and service.ts);
 * the screen shows them in the user's language. A message this list does not know is shown as sent.
 */
const rowPatterns: Array<[RegExp, (match: RegExpMatchArray) => Phrase]> = [
  [/^is empty$/, () => ({ key: 'loket.import.problem.empty' })],
  [
    /^"(.*)" is not an email address$/,
    (m) => ({ key: 'loket.import.problem.not_email', values: { value: m[1] ?? '' } }),
  ],
  [/^is longer than (\d+) characters$/, (m) => ({ key: 'loket.import.problem.too_long', values: { max: m[1] ?? '' } })],
  [/^appears already on line (\d+)$/, (m) => ({ key: 'loket.import.problem.duplicate', values: { line: m[1] ?? '' } })],
  [
    /^"(.*)" is not a branch of (.*)$/,
    (m) => ({ key: 'loket.import.problem.not_branch', values: { value: m[1] ?? '', library: m[2] ?? '' } }),
  ],
  [/^belongs to someone at another library$/, () => ({ key: 'loket.import.problem.other_library' })],
];

const filePatterns: Array<[RegExp, (match: RegExpMatchArray) => Phrase]> = [
  [/^The file is empty\.$/, () => ({ key: 'loket.import.file.empty' })],
  [
    /^The file is not valid CSV: (.*)$/,
    (m) => ({ key: 'loket.import.file.invalid_csv', values: { message: m[1] ?? '' } }),
  ],
  [
    /^The column "(.*)" is missing\.$/,
    (m) => ({ key: 'loket.import.file.missing_column', values: { column: m[1] ?? '' } }),
  ],
  [/^The file has a header but no people\.$/, () => ({ key: 'loket.import.file.no_rows' })],
  [/^Import at most 5000 people at a time\.$/, () => ({ key: 'loket.import.file.too_many' })],
];

function match(patterns: Array<[RegExp, (match: RegExpMatchArray) => Phrase]>, message: string): Phrase | null {
  for (const [pattern, phrase] of patterns) {
    const found = message.match(pattern);
    if (found) return phrase(found);
  }
  return null;
}

/** One problem of one row ("e-mail" + "is empty"), as a phrase; unknown messages pass through. */
export function rowProblemPhrase(message: string): Phrase | string {
  return match(rowPatterns, message) ?? message;
}

/** A problem with the whole file (missing column, not CSV, too many rows); unknown messages pass through. */
export function fileProblemPhrase(message: string): Phrase | string {
  return match(filePatterns, message) ?? message;
}

/** The action key for a row of the report; rows with problems do nothing. */
export function rowActionKey(action: string | null): string {
  return `loket.import.action.${action ?? 'none'}`;
}
