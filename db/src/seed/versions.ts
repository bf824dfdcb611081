import { contentHashOf, type LoadedProgramme } from '../content/load';
import type { MeetingPlanItem } from '../schema/programmes';

/** The four discussion questions of the team meetings, as the pilot announcement lists them. */
const pilotQuestions = [
  'Wat doen wij allemaal op onze locatie?',
  'Waar liggen onze speerpunten en waar zetten wij op in?',
  "Wat is de nieuwe rol van de publieksservice in deze programma's?",
  'Hoe pak ik mijn rol op?',
];

/** The pilot's meeting plan (October 2018): a kick-off and two team meetings over three months. */
const pilotMeetingPlan: MeetingPlanItem[] = [
  {
    type: 'kickoff',
    sequence: 1,
    title: 'Kick-off',
    weekOffset: 0,
    durationMinutes: 120,
    agenda: [
      'Welkom en kennismaking met het leertraject',
      'De context van basisvaardigheden, BoekStart en de Bibliotheek op school',
      'Werkwijze van de e-learning en planning van de komende drie maanden',
      'Inventarisatie van de leervragen van het team',
    ],
  },
  {
    type: 'team_meeting',
    sequence: 2,
    title: 'Teambijeenkomst 1',
    weekOffset: 5,
    durationMinutes: 120,
    agenda: pilotQuestions,
  },
  {
    type: 'team_meeting',
    sequence: 3,
    title: 'Teambijeenkomst 2',
    weekOffset: 10,
    durationMinutes: 120,
    agenda: pilotQuestions,
  },
];

/**
 * Version 1 of the programme as the three pilot libraries followed it from November 2018: the same
 * modules, questions and completion rule as content/ today, but three meetings instead of four.
 */
export function pilotVersionOf(current: LoadedProgramme): LoadedProgramme {
  const { contentHash: _, ...rest } = current;
  const pilot = {
    ...rest,
    summary:
      'Blended leertraject voor medewerkers van de publieksservice: zes e-learningmodules in eigen tempo, ' +
      'een kick-off en twee teambijeenkomsten in de eigen bibliotheek, en een certificaat.',
    meetingPlan: pilotMeetingPlan,
    meetingPlanNotes:
      'Het leertraject kent drie bijeenkomsten in de eigen bibliotheek, verspreid over de drie maanden. De ' +
      '**kick-off** legt de context en de werkwijze uit. In de twee **teambijeenkomsten** koppelen de ' +
      'medewerkers de kennis uit de e-learning aan de lokale situatie.',
  };
  return { ...pilot, contentHash: contentHashOf(pilot) };
}

/** When the versions were published: before the pilot, and after its evaluation in March 2019. */
export const pilotVersionPublishedAt = new Date('2018-10-09T09:24:00Z');
export const revisedVersionPublishedAt = new Date('2019-03-18T09:00:00Z');
