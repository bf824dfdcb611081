/**
 * CSV formula injection (OWASP): a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@`
 * as a formula, and a leading tab or carriage return can hide such a start. Every text cell Loket
 * writes to a CSV file goes through this rule: such a cell gets a leading single quote, which
 * spreadsheets show as text. Integrators who write Loket data to CSV themselves can use it too.
 *
 * Only text is neutralised. Numbers Loket computes itself (counts, percentages, scores) are
 * written as numbers, so a spreadsheet can still add them up; none of them comes from a user.
 */
const formulaStart = /^[=+\-@\t\r]/;

export function neutraliseCsvCell(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}
