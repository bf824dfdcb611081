import type { Cmi5LaunchMode } from '@loket/db';
import { XMLBuilder } from 'fast-xml-parser';

/** cmi5 (Quartz) as an LMS speaks it: the IRIs it names, the launch URL, LaunchData, moveOn. */

const cmi5 = 'https://w3id.org/xapi/cmi5';

export const cmi5Categories = {
  cmi5: `${cmi5}/context/categories/cmi5`,
  moveOn: `${cmi5}/context/categories/moveon`,
} as const;

export const cmi5Extensions = {
  sessionId: `${cmi5}/context/extensions/sessionid`,
  launchMode: `${cmi5}/context/extensions/launchmode`,
  launchUrl: `${cmi5}/context/extensions/launchurl`,
  moveOn: `${cmi5}/context/extensions/moveon`,
  launchParameters: `${cmi5}/context/extensions/launchparameters`,
  reason: `${cmi5}/result/extensions/reason`,
} as const;

export const launchDataStateId = 'LMS.LaunchData';
export const learnerPreferencesProfileId = 'cmi5LearnerPreferences';

export type MoveOn = 'Passed' | 'Completed' | 'CompletedAndPassed' | 'CompletedOrPassed' | 'NotApplicable';

/**
 * Every module's moveOn: the rule Loket's own progress follows (a `completed` or a `passed`
 * completes a module), so the course structure promises what the certificate rules apply.
 */
export const moduleMoveOn: MoveOn = 'CompletedOrPassed';

/** Whether what an assignable unit reported meets its moveOn criterion. */
export function moveOnMet(moveOn: MoveOn, reported: { completed: boolean; passed: boolean }): boolean {
  switch (moveOn) {
    case 'Completed':
      return reported.completed;
    case 'Passed':
      return reported.passed;
    case 'CompletedAndPassed':
      return reported.completed && reported.passed;
    case 'CompletedOrPassed':
      return reported.completed || reported.passed;
    case 'NotApplicable':
      return true;
  }
}

export interface LaunchParameters {
  endpoint: string;
  fetch: string;
  actor: Record<string, unknown>;
  registration: string;
  activityId: string;
}

/** The AU's URL with the five launch parameters added to whatever query it has (cmi5 8.1). */
export function launchUrlOf(auUrl: string, parameters: LaunchParameters): string {
  const url = new URL(auUrl);
  url.searchParams.set('endpoint', parameters.endpoint);
  url.searchParams.set('fetch', parameters.fetch);
  url.searchParams.set('actor', JSON.stringify(parameters.actor));
  url.searchParams.set('registration', parameters.registration);
  url.searchParams.set('activityId', parameters.activityId);
  return url.toString();
}

/** The context every statement the LMS makes about a session carries (cmi5 9.6). */
export function lmsContext(
  registration: string,
  sessionId: string,
  options: { moveOn?: boolean; extensions?: Record<string, unknown> } = {},
) {
  return {
    registration,
    contextActivities: {
      category: [{ id: cmi5Categories.cmi5 }, ...(options.moveOn ? [{ id: cmi5Categories.moveOn }] : [])],
    },
    extensions: { [cmi5Extensions.sessionId]: sessionId, ...options.extensions },
  };
}

/** The LMS.LaunchData state document (cmi5 10.0). */
export function launchData(options: {
  sessionId: string;
  publisherId: string;
  launchMode: Cmi5LaunchMode;
  moveOn: MoveOn;
  returnUrl?: string | undefined;
}) {
  return {
    contextTemplate: {
      contextActivities: { grouping: [{ id: options.publisherId }] },
      extensions: { [cmi5Extensions.sessionId]: options.sessionId },
    },
    launchMode: options.launchMode,
    launchMethod: 'AnyWindow',
    moveOn: options.moveOn,
    ...(options.returnUrl ? { returnURL: options.returnUrl } : {}),
  };
}

/** An ISO 8601 duration in seconds, as xAPI results carry (`PT12.5S`). */
export const isoDuration = (milliseconds: number) => `PT${Math.max(0, Math.round(milliseconds / 10) / 100)}S`;

export interface CourseUnit {
  id: string;
  title: string;
  description: string;
  url: string;
  moveOn: MoveOn;
}

const langString = (text: string) => ({ langstring: { '@_lang': 'nl-NL', '#text': text } });

/** A course structure document (cmi5 13.1) with one assignable unit per launchable module. */
export function courseStructureXml(
  course: { id: string; title: string; description: string },
  units: CourseUnit[],
): string {
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    courseStructure: {
      '@_xmlns': 'https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd',
      course: {
        '@_id': course.id,
        title: langString(course.title),
        description: langString(course.description),
      },
      au: units.map((unit) => ({
        '@_id': unit.id,
        '@_moveOn': unit.moveOn,
        '@_launchMethod': 'AnyWindow',
        title: langString(unit.title),
        description: langString(unit.description),
        url: unit.url,
      })),
    },
  }) as string;
}
