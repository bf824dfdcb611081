const MONTHS = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
] as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD as midnight UTC; rejects impossible dates such as 2019-02-30. */
export function parseIsoDate(value: string): Date {
  const match = ISO_DATE.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== value) {
    throw new RangeError(`Invalid date (expected YYYY-MM-DD): ${value}`);
  }
  return date;
}

/** '2018-11-05' → '5 november 2018'. Own month table so the output does not depend on the ICU data in the runtime. */
export function formatDutchDate(value: string): string {
  const date = parseIsoDate(value);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** ['A', 'B', 'C'] → 'A, B en C' */
export function joinDutch(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} en ${items.at(-1)}`;
}

/**
 * How the statement names the programme: "met goed gevolg het Leertraject Frontoffice …" when its
 * name says it is a leertraject, "het leertraject <name>" otherwise, never "het leertraject Leertraject …".
 */
export function programmeLeadIn(programmeName: string): { leadIn: string; name: string } {
  return /^leertraject\b/i.test(programmeName)
    ? { leadIn: 'het', name: programmeName }
    : { leadIn: 'het leertraject', name: programmeName };
}
