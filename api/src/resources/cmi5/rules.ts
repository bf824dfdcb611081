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
  masteryScore: `${cmi5}/context/extensions/masteryscore`,
  reason: `${cmi5}/result/extensions/reason`,
} as const;

export const cmi5ActivityTypes = {
  course: `${cmi5}/activitytype/course`,
  block: `${cmi5}/activitytype/block`,
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
  options: { moveOn?: boolean; grouping?: string; extensions?: Record<string, unknown> } = {},
) {
  return {
    registration,
    contextActivities: {
      category: [{ id: cmi5Categories.cmi5 }, ...(options.moveOn ? [{ id: cmi5Categories.moveOn }] : [])],
      ...(options.grouping ? { grouping: [{ id: options.grouping }] } : {}),
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
  launchMethod?: string | undefined;
  launchParameters?: string | null | undefined;
  masteryScore?: number | null | undefined;
  entitlementKey?: string | null | undefined;
  returnUrl?: string | undefined;
}) {
  return {
    contextTemplate: {
      contextActivities: { grouping: [{ id: options.publisherId }] },
      extensions: { [cmi5Extensions.sessionId]: options.sessionId },
    },
    launchMode: options.launchMode,
    launchMethod: options.launchMethod ?? 'AnyWindow',
    moveOn: options.moveOn,
    ...(options.launchParameters ? { launchParameters: options.launchParameters } : {}),
    ...(options.masteryScore !== null && options.masteryScore !== undefined
      ? { masteryScore: options.masteryScore }
      : {}),
    ...(options.entitlementKey ? { entitlementKey: { courseStructure: options.entitlementKey } } : {}),
    ...(options.returnUrl ? { returnURL: options.returnUrl } : {}),
  };
}

/**
 * The activity ids Loket gives an imported course, its blocks and units in statements (cmi5 8.1.5:
 * the LMS's own, unique per import); the publisher's ids go in contextActivities.grouping.
 */
export const courseActivityIds = (publicUrl: string, courseId: string) => {
  const course = `${publicUrl.replace(/\/+$/, '')}/xapi/cmi5/courses/${courseId}`;
  return {
    course,
    block: (publisherId: string) => `${course}/blocks/${encodeURIComponent(publisherId)}`,
    unit: (position: number) => `${course}/assignable-units/${position}`,
  };
};

/** An imported unit's URL to launch: absolute as the package gave it, or one of the package's files Loket serves. */
export const resolveAuUrl = (publicUrl: string, courseId: string, url: string) =>
  new URL(url, `${publicUrl.replace(/\/+$/, '')}/cmi5/courses/${courseId}/files/`).toString();

/** What a unit's state in a registration is judged on. */
export interface UnitProgress {
  position: number;
  moveOn: MoveOn;
  /** The publisher ids of its blocks, outermost first. */
  blocks: string[];
  completed: boolean;
  passed: boolean;
  waived: boolean;
}

export type Satisfiable = { type: 'block'; publisherId: string } | { type: 'course' };

/**
 * The blocks (innermost first) and the course whose every unit is now satisfied (its moveOn met, or
 * waived) and that were not satisfied before (cmi5 9.3.9): what the LMS records `satisfied` for.
 */
export function newlySatisfied(units: UnitProgress[], satisfiedBefore: ReadonlySet<string>): Satisfiable[] {
  const done = (unit: UnitProgress) => unit.waived || moveOnMet(unit.moveOn, unit);
  const blocks = [...new Set(units.flatMap((unit) => unit.blocks))];
  const depth = (block: string) => Math.max(...units.map((unit) => unit.blocks.indexOf(block)));
  const satisfiedBlocks = blocks
    .filter((block) => !satisfiedBefore.has(block))
    .filter((block) => units.filter((unit) => unit.blocks.includes(block)).every(done))
    .sort((a, b) => depth(b) - depth(a))
    .map((publisherId): Satisfiable => ({ type: 'block', publisherId }));
  const course: Satisfiable[] =
    units.length > 0 && !satisfiedBefore.has('course') && units.every(done) ? [{ type: 'course' }] : [];
  return [...satisfiedBlocks, ...course];
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
