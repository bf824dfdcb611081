import { fileURLToPath } from 'node:url';
import { type components, createLoketClient, type LoketClient } from '../src/index';

/**
 * A third-party front end in miniature: a participant's "Mijn voortgang", built only on the typed
 * client. Run it against a running Loket:
 *   LOKET_URL=http://localhost:3000 LOKET_USERNAME=… LOKET_PASSWORD=loket-demo pnpm example:my-progress
 */
export async function signIn(baseUrl: string, username: string, password: string): Promise<LoketClient> {
  const { data, error } = await createLoketClient({ baseUrl }).POST('/v1/auth/token', {
    body: { grant_type: 'password', username, password },
  });
  if (!data) throw new Error(`Aanmelden mislukt: ${error?.detail ?? error?.title ?? 'onbekende fout'}`);
  return createLoketClient({ baseUrl, token: () => data.access_token });
}

const moduleStatus = { not_started: 'nog niet begonnen', in_progress: 'bezig', completed: 'afgerond' } as const;
const meetingStatus = { present: 'aanwezig', absent: 'afwezig', excused: 'afgemeld' } as const;

/** A meeting as the participant sees it: attendance once taken, otherwise whether it has been held. */
function meetingState(meeting: components['schemas']['MeetingAttendance']): string {
  if (meeting.cancelled) return 'vervallen';
  if (meeting.status) return meetingStatus[meeting.status];
  return new Date(meeting.startsAt) > new Date() ? 'nog niet geweest' : 'aanwezigheid nog niet geregistreerd';
}

/** The page as text: per enrolment the modules, the meetings and what is still missing. */
export async function myProgress(client: LoketClient): Promise<string> {
  const { data, error } = await client.GET('/v1/me/enrolments');
  if (!data) throw new Error(`Voortgang ophalen mislukt: ${error?.title ?? 'onbekende fout'}`);
  if (data.data.length === 0) return 'Je bent nog niet ingeschreven voor het leertraject.';
  return data.data
    .map((enrolment) => {
      const modules = enrolment.progress.map(
        (module) => `  ${module.position}. ${module.title}: ${moduleStatus[module.status]}`,
      );
      const meetings = enrolment.attendance.map((meeting) => `  ${meeting.title}: ${meetingState(meeting)}`);
      const done = enrolment.completion.eligible
        ? 'Alles is af: je certificaat kan worden uitgereikt.'
        : `Nog te doen: ${enrolment.completion.missing.map((item) => item.title).join(', ')}.`;
      return [
        `Mijn voortgang — ${enrolment.cohortName}`,
        'Modules:',
        ...modules,
        'Bijeenkomsten:',
        ...meetings,
        done,
      ].join('\n');
    })
    .join('\n\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { LOKET_URL = 'http://localhost:3000', LOKET_USERNAME, LOKET_PASSWORD } = process.env;
  if (!LOKET_USERNAME || !LOKET_PASSWORD) throw new Error('Set LOKET_USERNAME and LOKET_PASSWORD');
  process.stdout.write(`${await myProgress(await signIn(LOKET_URL, LOKET_USERNAME, LOKET_PASSWORD))}\n`);
}
