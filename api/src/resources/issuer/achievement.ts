import type { AchievementSource } from '@loket/db';
import { formatDutchDate, joinDutch } from '../../certificates/pdf/dutch';
import type { Achievement, Profile } from '../../credentials/index';

export const achievementUrl = (publicUrl: string, programmeVersionId: string) =>
  `${publicUrl}/v1/achievements/${programmeVersionId}`;
export const achievementImageUrl = (publicUrl: string, programmeVersionId: string) =>
  `${achievementUrl(publicUrl, programmeVersionId)}/image.svg`;

/** Numbers as Dutch writes them in running text, up to twelve; figures beyond. */
const dutchNumbers = [
  'nul',
  'een',
  'twee',
  'drie',
  'vier',
  'vijf',
  'zes',
  'zeven',
  'acht',
  'negen',
  'tien',
  'elf',
  'twaalf',
];

const meetingsPhrase = (types: ReadonlyArray<'kickoff' | 'team_meeting'>, teamMeetings: number): string => {
  const parts: string[] = [];
  if (types.includes('kickoff')) parts.push('de kick-off');
  if (types.includes('team_meeting') && teamMeetings > 0) {
    parts.push(
      teamMeetings === 1
        ? 'de teambijeenkomst'
        : teamMeetings === 2
          ? 'beide teambijeenkomsten'
          : `alle ${dutchNumbers[teamMeetings] ?? teamMeetings} teambijeenkomsten`,
    );
  }
  return parts.map((part) => `bij ${part}`).join(' en ');
};

/** What the holder of any certificate of this programme version did, in Dutch Markdown, from its completion rule. */
export function criteriaNarrative(source: AchievementSource): string {
  const rule = source.completionRule;
  const teamMeetings = source.meetingPlan.filter((m) => m.type === 'team_meeting').length;
  const lines = [
    rule.requireAllChosenModules
      ? `- alle e-learningmodules heeft afgerond die de bibliotheek voor de groep koos, uit: ${joinDutch(source.moduleTitles)};`
      : `- e-learningmodules heeft gevolgd uit: ${joinDutch(source.moduleTitles)};`,
  ];
  const meetings = meetingsPhrase(rule.requiredSessionTypes, teamMeetings);
  if (meetings) lines.push(`- aanwezig was ${meetings}.`);
  const waiver = rule.excusedAbsenceWaivable
    ? '\n\nEen afmelding met geldige reden kan de coördinator van de bibliotheek laten meetellen.'
    : '';
  return `Uitgereikt aan een medewerker van een openbare bibliotheek die:\n\n${lines.join('\n')}${waiver}`;
}

/** The Open Badges 3.0 Achievement of a programme version: the same for every holder. */
export function achievementOf(source: AchievementSource, publicUrl: string, creator: Profile): Achievement {
  return {
    id: achievementUrl(publicUrl, source.versionId),
    type: ['Achievement'],
    achievementType: 'CertificateOfCompletion',
    name: source.programmeName,
    description: source.summary,
    criteria: { narrative: criteriaNarrative(source) },
    image: {
      id: achievementImageUrl(publicUrl, source.versionId),
      type: 'Image',
      caption: `Embleem van het ${source.programmeName}`,
    },
    creator,
    inLanguage: 'nl',
    version: String(source.number),
  };
}

/** What this holder did for it: their modules and meetings, for `credentialSubject.narrative`. */
export function holderNarrative(
  modules: ReadonlyArray<{ title: string }>,
  meetings: ReadonlyArray<{ title: string; date: string }>,
): string {
  const done = `Afgeronde modules: ${joinDutch(modules.map((m) => m.title))}.`;
  if (meetings.length === 0) return done;
  const attended = meetings.map((m) => `${m.title} (${formatDutchDate(m.date)})`);
  return `${done}\n\nBijgewoonde bijeenkomsten: ${joinDutch(attended)}.`;
}
