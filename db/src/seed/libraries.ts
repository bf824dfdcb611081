/** The libraries of the demo story and when their groups started (see shared/domain/facts.md). */

export type PilotPoi = 'cubiss' | 'probiblio';

export interface PilotLibrary {
  key: string;
  domain: string;
  poi: PilotPoi;
  name: string;
  shortName: string;
  province: string;
  city: string;
  branches: string[];
  staff: number;
  /** Weekdays in November 2018 whose meetings (weeks 0, 5 and 10) miss the Christmas holidays. */
  startsOn: string;
}

/** The three pilot libraries of November 2018 and their POIs: 50 front-office staff in all. */
export const pilotLibraries: readonly PilotLibrary[] = [
  {
    key: 'markiezaat',
    domain: 'markiezaat.example',
    poi: 'cubiss',
    name: 'Bibliotheek Het Markiezaat',
    shortName: 'Het Markiezaat',
    province: 'Noord-Brabant',
    city: 'Bergen op Zoom',
    branches: ['Bergen op Zoom', 'Halsteren', 'Hoogerheide', 'Steenbergen', 'Dinteloord'],
    staff: 17,
    startsOn: '2018-11-13',
  },
  {
    key: 'hilversum',
    domain: 'hilversum.example',
    poi: 'probiblio',
    name: 'Bibliotheek Hilversum',
    shortName: 'Hilversum',
    province: 'Noord-Holland',
    city: 'Hilversum',
    branches: ['Hilversum Centrum', 'Hilversum Noord'],
    staff: 17,
    startsOn: '2018-11-05',
  },
  {
    key: 'helmond-peel',
    domain: 'helmond-peel.example',
    poi: 'cubiss',
    name: 'Bibliotheek Helmond-Peel',
    shortName: 'Helmond-Peel',
    province: 'Noord-Brabant',
    city: 'Helmond',
    branches: ['Helmond', 'Deurne', 'Asten', 'Someren'],
    staff: 16,
    startsOn: '2018-11-15',
  },
];

export interface RolloutLibrary {
  key: string;
  /** The POI's name as in the national list. */
  poi: string;
  name: string;
  shortName: string;
  province: string;
  city: string;
  branches: string[];
  /** The 2019 groups: their first day and size. */
  groups: Array<{ startsOn: string; staff: number }>;
}

/**
 * The national rollout from spring 2019, after the revised version was published: eight libraries
 * in ten groups (update of 7 October 2019). The names are real places; the people are invented.
 */
export const rolloutLibraries: readonly RolloutLibrary[] = [
  {
    key: 'venlo',
    poi: 'Cubiss',
    name: 'Bibliotheek Venlo',
    shortName: 'Venlo',
    province: 'Limburg',
    city: 'Venlo',
    branches: ['Venlo Centrum', 'Blerick', 'Tegelen'],
    groups: [{ startsOn: '2019-04-08', staff: 14 }],
  },
  {
    key: 'haarlem',
    poi: 'ProBiblio',
    name: 'Bibliotheek Haarlem',
    shortName: 'Haarlem',
    province: 'Noord-Holland',
    city: 'Haarlem',
    branches: ['Haarlem Centrum', 'Schalkwijk', 'Haarlem Noord'],
    groups: [{ startsOn: '2019-04-15', staff: 13 }],
  },
  {
    key: 'deventer',
    poi: 'Rijnbrink',
    name: 'Bibliotheek Deventer',
    shortName: 'Deventer',
    province: 'Overijssel',
    city: 'Deventer',
    branches: ['Deventer Centrum', 'Colmschate', 'Bathmen'],
    groups: [
      { startsOn: '2019-04-16', staff: 12 },
      { startsOn: '2019-09-30', staff: 11 },
    ],
  },
  {
    key: 'eindhoven',
    poi: 'Cubiss',
    name: 'Bibliotheek Eindhoven',
    shortName: 'Eindhoven',
    province: 'Noord-Brabant',
    city: 'Eindhoven',
    branches: ['Eindhoven Centrum', 'Woensel', 'Strijp'],
    groups: [
      { startsOn: '2019-04-23', staff: 15 },
      { startsOn: '2019-09-09', staff: 13 },
    ],
  },
  {
    key: 'nijmegen',
    poi: 'Rijnbrink',
    name: 'Bibliotheek Nijmegen',
    shortName: 'Nijmegen',
    province: 'Gelderland',
    city: 'Nijmegen',
    branches: ['Nijmegen Centrum', 'Dukenburg', 'Lent'],
    groups: [{ startsOn: '2019-05-06', staff: 14 }],
  },
  {
    key: 'gouda',
    poi: 'ProBiblio',
    name: 'Bibliotheek Gouda',
    shortName: 'Gouda',
    province: 'Zuid-Holland',
    city: 'Gouda',
    branches: ['Gouda Centrum', 'Goverwelle'],
    groups: [{ startsOn: '2019-09-02', staff: 11 }],
  },
  {
    key: 'amersfoort',
    poi: 'BiSC',
    name: 'Bibliotheek Amersfoort',
    shortName: 'Amersfoort',
    province: 'Utrecht',
    city: 'Amersfoort',
    branches: ['Amersfoort Centrum', 'Vathorst', 'Schothorst'],
    groups: [{ startsOn: '2019-09-16', staff: 13 }],
  },
  {
    key: 'assen',
    poi: 'Biblionet Drenthe',
    name: 'Bibliotheek Assen',
    shortName: 'Assen',
    province: 'Drenthe',
    city: 'Assen',
    branches: ['Assen Centrum', 'Kloosterveen'],
    groups: [{ startsOn: '2019-10-01', staff: 10 }],
  },
];

/** A library that joined later, for the groups of these months. */
export const laterLibraries: readonly RolloutLibrary[] = [
  {
    key: 'leeuwarden',
    poi: 'Fers',
    name: 'Bibliotheek Leeuwarden',
    shortName: 'Leeuwarden',
    province: 'Friesland',
    city: 'Leeuwarden',
    branches: ['Leeuwarden Centrum', 'Camminghaburen'],
    groups: [],
  },
];

export type DemoPlan = 'completed' | 'midway';

/**
 * The groups running now, dated relative to the day the seed runs: one closed a few weeks ago, one
 * being evaluated, two under way and one about to start. `weeksAgo` is when each started.
 */
export const currentGroups: ReadonlyArray<{
  library: string;
  weeksAgo: number;
  staff: number;
  /** Which weekday of its week the group meets (0 Monday … 3 Thursday). */
  weekday: number;
  /** The library's demo participant is in this group, with this plan. */
  demo?: DemoPlan;
}> = [
  { library: 'leeuwarden', weeksAgo: 25, staff: 13, weekday: 1 },
  { library: 'helmond-peel', weeksAgo: 15, staff: 11, weekday: 3, demo: 'completed' },
  { library: 'hilversum', weeksAgo: 9, staff: 9, weekday: 0, demo: 'midway' },
  { library: 'amersfoort', weeksAgo: 4, staff: 12, weekday: 2 },
  { library: 'eindhoven', weeksAgo: -3, staff: 10, weekday: 1 },
];
