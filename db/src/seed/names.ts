import type { Random } from './random';

/** Names for realistic staff: the sector is about 84% women; a mix of backgrounds, as in Dutch cities. */
export const womenGivenNames = [
  'Anouk',
  'Sanne',
  'Marieke',
  'Ilse',
  'Lotte',
  'Esther',
  'Mirjam',
  'Ingrid',
  'Petra',
  'Wendy',
  'Hanneke',
  'Noor',
  'Femke',
  'Linda',
  'Monique',
  'Sandra',
  'Karin',
  'Anke',
  'Jolanda',
  'Marloes',
  'Fatima',
  'Samira',
  'Esra',
  'Priya',
  'Naima',
  'Merve',
  'Yasmina',
  'Sevda',
  'Aisha',
  'Rachida',
  'Els',
  'Yvonne',
  'Ria',
  'Annemiek',
  'Bianca',
  'Danielle',
  'Inge',
  'Judith',
  'Manon',
  'Tamara',
] as const;

export const menGivenNames = [
  'Joost',
  'Kevin',
  'Daan',
  'Mark',
  'Peter',
  'Ruud',
  'Bas',
  'Yusuf',
  'Mohamed',
  'Erik',
  'Thijs',
  'Sander',
  'Jeroen',
  'Rachid',
  'Emre',
  'Martijn',
] as const;

export const familyNames: ReadonlyArray<readonly [string | null, string]> = [
  [null, 'Jansen'],
  ['de', 'Vries'],
  ['van den', 'Berg'],
  ['van', 'Dijk'],
  [null, 'Bakker'],
  [null, 'Visser'],
  [null, 'Smit'],
  [null, 'Meijer'],
  ['de', 'Boer'],
  [null, 'Mulder'],
  ['de', 'Groot'],
  [null, 'Bos'],
  [null, 'Vos'],
  [null, 'Peters'],
  [null, 'Hendriks'],
  ['van', 'Leeuwen'],
  [null, 'Dekker'],
  [null, 'Brouwer'],
  ['de', 'Wit'],
  [null, 'Dijkstra'],
  [null, 'Smits'],
  ['de', 'Graaf'],
  ['van der', 'Meer'],
  ['van der', 'Linden'],
  [null, 'Kok'],
  [null, 'Jacobs'],
  ['de', 'Haan'],
  [null, 'Vermeulen'],
  ['van den', 'Heuvel'],
  ['van der', 'Veen'],
  [null, 'Verhoeven'],
  [null, 'Willems'],
  ['van', 'Beek'],
  [null, 'Schouten'],
  [null, 'Hoekstra'],
  [null, 'El Amrani'],
  [null, 'Yilmaz'],
  [null, 'Demir'],
  [null, 'Ramdin'],
  [null, 'Haddou'],
  [null, 'Kaya'],
  [null, 'Bouzid'],
  [null, 'Sewdien'],
  [null, 'Öztürk'],
  [null, 'Tahiri'],
];

/** Front-office titles, weighted: most staff carry the generic one. */
export const jobTitles = [
  'Medewerker publieksservice',
  'Medewerker publieksservice',
  'Medewerker publieksservice',
  'Medewerker frontoffice',
  'Baliemedewerker',
  'Medewerker klantenservice',
] as const;

export const teamLeaderTitle = 'Teamleider publieksservice';

export interface PersonName {
  givenName: string;
  nameInfix: string | null;
  familyName: string;
}

export function randomName(random: Random): PersonName {
  const givenName = random.chance(0.84) ? random.pick(womenGivenNames) : random.pick(menGivenNames);
  const [nameInfix, familyName] = random.pick(familyNames);
  return { givenName, nameInfix, familyName };
}

/** Lower-case ASCII letters and digits only: "Öztürk" becomes "ozturk", "Gooise Meren" "gooisemeren". */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/**
 * Hands out work addresses the Dutch way ("kevin.vandermeer@..."), numbering a second namesake at the
 * same domain ("kevin.vandermeer2@...") so every address stays unique.
 */
export class EmailBook {
  private readonly taken = new Map<string, number>();

  addressFor(name: PersonName, domain: string): string {
    const local = `${asciiSlug(name.givenName)}.${asciiSlug(`${name.nameInfix ?? ''}${name.familyName}`)}`;
    const key = `${local}@${domain}`;
    const seen = (this.taken.get(key) ?? 0) + 1;
    this.taken.set(key, seen);
    return seen === 1 ? key : `${local}${seen}@${domain}`;
  }
}
