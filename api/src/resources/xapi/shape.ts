import { type AgentIdentifiers, agentKey } from '@loket/db';

/**
 * The structure of xAPI statements, as pure functions: the normal form Loket stores, what a
 * statement names (for the `related_*` filters), and the `format`s it is answered in.
 */

export type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const asObject = (value: unknown): Json | undefined => (isObject(value) ? value : undefined);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const contextActivityKinds = ['parent', 'grouping', 'category', 'other'] as const;

/** A context whose context activities are arrays: xAPI 1.0 allows a single object, and answers arrays. */
function normalContext(context: unknown): unknown {
  const ctx = asObject(context);
  const activities = asObject(ctx?.contextActivities);
  if (!ctx || !activities) return context;
  const normal = Object.fromEntries(
    Object.entries(activities).map(([kind, value]) => [
      kind,
      (contextActivityKinds as readonly string[]).includes(kind) && isObject(value) ? [value] : value,
    ]),
  );
  return { ...ctx, contextActivities: normal };
}

/** The statement in the form Loket keeps (and compares): context activities as arrays, here and in a sub-statement. */
export function normalStatement(statement: Json): Json {
  const normal: Json = { ...statement };
  if ('context' in normal) normal.context = normalContext(normal.context);
  const object = asObject(normal.object);
  if (object?.objectType === 'SubStatement' && 'context' in object) {
    normal.object = { ...object, context: normalContext(object.context) };
  }
  return normal;
}

const keyOf = (agent: unknown) => (isObject(agent) ? agentKey(agent as AgentIdentifiers) : undefined);

function agentsOf(parts: Json, withContext: boolean): unknown[] {
  const found: unknown[] = [parts.actor];
  const object = asObject(parts.object);
  if (object?.objectType === 'Agent' || object?.objectType === 'Group') found.push(object);
  if (withContext) {
    const context = asObject(parts.context);
    found.push(parts.authority, context?.instructor, context?.team);
  }
  // An agent's statement is also about the members of a group that acted.
  for (const agent of [...found]) {
    const group = asObject(agent);
    if (group?.objectType === 'Group') found.push(...asArray(group.member));
  }
  return found;
}

/** Every agent and group a statement names: actor, object, authority, instructor, team, and those of a sub-statement. */
export function relatedAgentKeys(statement: Json): string[] {
  const found = agentsOf(statement, true);
  const sub = asObject(statement.object);
  if (sub?.objectType === 'SubStatement') found.push(...agentsOf(sub, true));
  return [...new Set(found.map(keyOf).filter((key): key is string => key !== undefined))];
}

function activitiesOf(parts: Json): string[] {
  const ids: unknown[] = [];
  const object = asObject(parts.object);
  if (object && (object.objectType === undefined || object.objectType === 'Activity')) ids.push(object.id);
  const activities = asObject(asObject(parts.context)?.contextActivities);
  for (const kind of contextActivityKinds) {
    for (const activity of asArray(activities?.[kind])) ids.push(asObject(activity)?.id);
  }
  return ids.filter((id): id is string => typeof id === 'string');
}

/** Every activity a statement names: its object, its context activities, and those of a sub-statement. */
export function relatedActivityIris(statement: Json): string[] {
  const ids = activitiesOf(statement);
  const sub = asObject(statement.object);
  if (sub?.objectType === 'SubStatement') ids.push(...activitiesOf(sub));
  return [...new Set(ids)];
}

/** The activity a statement is about, when its object is one. */
export function objectActivityId(statement: Json): string | undefined {
  const object = asObject(statement.object);
  if (!object || (object.objectType !== undefined && object.objectType !== 'Activity')) return undefined;
  return typeof object.id === 'string' ? object.id : undefined;
}

/** The agent or group a statement is about, when its object is one. */
export function objectAgentKey(statement: Json): string | undefined {
  const object = asObject(statement.object);
  return object?.objectType === 'Agent' || object?.objectType === 'Group' ? keyOf(object) : undefined;
}

/** The statement a voiding statement voids; undefined for any other statement. */
export function voidedBy(statement: Json, voidedVerb: string): string | undefined {
  const object = asObject(statement.object);
  if (asObject(statement.verb)?.id !== voidedVerb || object?.objectType !== 'StatementRef') return undefined;
  return typeof object.id === 'string' ? object.id.toLowerCase() : undefined;
}

/** Every activity in a statement with the definition it carries, sub-statement and context included. */
export function activityDefinitions(statement: Json): Array<{ id: string; definition: Json }> {
  const found: Array<{ id: string; definition: Json }> = [];
  const collect = (parts: Json) => {
    const candidates: unknown[] = [];
    const object = asObject(parts.object);
    if (object && (object.objectType === undefined || object.objectType === 'Activity')) candidates.push(object);
    const activities = asObject(asObject(parts.context)?.contextActivities);
    for (const kind of contextActivityKinds) candidates.push(...asArray(activities?.[kind]));
    for (const candidate of candidates) {
      const activity = asObject(candidate);
      const definition = asObject(activity?.definition);
      if (activity && typeof activity.id === 'string' && definition) found.push({ id: activity.id, definition });
    }
  };
  collect(statement);
  const sub = asObject(statement.object);
  if (sub?.objectType === 'SubStatement') collect(sub);
  return found;
}

export type StatementFormat = 'exact' | 'ids' | 'canonical';

const ifiProperties = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;

function agentIds(agent: unknown): unknown {
  const value = asObject(agent);
  if (!value) return agent;
  const ids: Json = {};
  if (value.objectType !== undefined) ids.objectType = value.objectType;
  for (const property of ifiProperties) if (value[property] !== undefined) ids[property] = value[property];
  // An anonymous group is known by its members.
  if (value.objectType === 'Group' && !ifiProperties.some((p) => value[p] !== undefined)) {
    ids.member = asArray(value.member).map(agentIds);
  }
  return ids;
}

const activityIds = (activity: unknown) => {
  const value = asObject(activity);
  return value ? { id: value.id } : activity;
};

function objectIds(object: unknown): unknown {
  const value = asObject(object);
  if (!value) return object;
  if (value.objectType === 'Agent' || value.objectType === 'Group') return agentIds(value);
  if (value.objectType === 'SubStatement') return partsWith(value, agentIds, activityIds, (verb) => verbIds(verb));
  if (value.objectType === 'StatementRef') return value;
  return activityIds(value);
}

const verbIds = (verb: unknown) => {
  const value = asObject(verb);
  return value ? { id: value.id } : verb;
};

/** A statement (or sub-statement) with its agents, activities and verb rewritten. */
function partsWith(
  parts: Json,
  agent: (value: unknown) => unknown,
  activity: (value: unknown) => unknown,
  verb: (value: unknown) => unknown,
): Json {
  const rewritten: Json = { ...parts };
  if ('actor' in parts) rewritten.actor = agent(parts.actor);
  if ('verb' in parts) rewritten.verb = verb(parts.verb);
  if ('authority' in parts) rewritten.authority = agent(parts.authority);
  if ('object' in parts) {
    const object = asObject(parts.object);
    if (object?.objectType === 'Agent' || object?.objectType === 'Group') rewritten.object = agent(object);
    else if (object?.objectType === 'SubStatement') rewritten.object = partsWith(object, agent, activity, verb);
    else if (object?.objectType === 'StatementRef') rewritten.object = object;
    else rewritten.object = activity(parts.object);
  }
  const context = asObject(parts.context);
  if (context) {
    const ctx: Json = { ...context };
    if ('instructor' in context) ctx.instructor = agent(context.instructor);
    if ('team' in context) ctx.team = agent(context.team);
    const activities = asObject(context.contextActivities);
    if (activities) {
      ctx.contextActivities = Object.fromEntries(
        Object.entries(activities).map(([kind, list]) => [kind, asArray(list).map(activity)]),
      );
    }
    rewritten.context = ctx;
  }
  return rewritten;
}

/** The best of a language map's entries for the languages a reader accepts, as a one-entry map. */
function oneLanguage(map: unknown, languages: string[]): unknown {
  const value = asObject(map);
  if (!value) return map;
  const tags = Object.keys(value);
  if (tags.length <= 1) return value;
  const lower = (tag: string) => tag.toLowerCase();
  const chosen =
    languages
      .map((wanted) => tags.find((tag) => lower(tag) === lower(wanted) || lower(tag).startsWith(`${lower(wanted)}-`)))
      .find((tag) => tag !== undefined) ??
    tags.find((tag) => lower(tag).startsWith('en')) ??
    tags[0];
  return chosen === undefined ? value : { [chosen]: value[chosen] };
}

function canonicalActivity(activity: unknown, languages: string[]): unknown {
  const value = asObject(activity);
  const definition = asObject(value?.definition);
  if (!value || !definition) return activity;
  const def: Json = { ...definition };
  for (const map of ['name', 'description'] as const) if (map in def) def[map] = oneLanguage(def[map], languages);
  for (const list of ['choices', 'scale', 'source', 'target', 'steps'] as const) {
    if (Array.isArray(def[list])) {
      def[list] = (def[list] as unknown[]).map((component) => {
        const item = asObject(component);
        return item && 'description' in item
          ? { ...item, description: oneLanguage(item.description, languages) }
          : component;
      });
    }
  }
  return { ...value, definition: def };
}

/**
 * A statement as a reader asked for it: `exact` as stored; `ids` with agents, groups, activities
 * and verbs reduced to what identifies them; `canonical` with each language map reduced to the
 * reader's best language (Accept-Language, in order of preference).
 */
export function formatStatement(statement: Json, format: StatementFormat, languages: string[]): Json {
  if (format === 'exact') return statement;
  if (format === 'ids') {
    const formatted = partsWith(statement, agentIds, activityIds, verbIds);
    if ('object' in statement) formatted.object = objectIds(statement.object);
    return formatted;
  }
  return partsWith(
    statement,
    (agent) => agent,
    (activity) => canonicalActivity(activity, languages),
    (verb) => {
      const value = asObject(verb);
      return value && 'display' in value ? { ...value, display: oneLanguage(value.display, languages) } : verb;
    },
  );
}

/** The languages of an Accept-Language header, most wanted first. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim(), weight: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((entry) => entry.tag);
}

/** The attachments a statement declares, each with the hash its content goes by. */
export function declaredAttachments(statement: Json): Array<{ sha2: string; fileUrl?: string; usageType: string }> {
  return asArray(statement.attachments).flatMap((attachment) => {
    const value = asObject(attachment);
    if (!value || typeof value.sha2 !== 'string') return [];
    return [
      {
        sha2: value.sha2,
        usageType: String(value.usageType ?? ''),
        ...(typeof value.fileUrl === 'string' ? { fileUrl: value.fileUrl } : {}),
      },
    ];
  });
}

const languageMaps = ['name', 'description'] as const;

/**
 * An activity's definition with what a new statement says about it: the texts of every language
 * either gave, and otherwise the newest values. Undefined when nothing changes.
 */
export function mergedDefinition(stored: Json | undefined, incoming: Json): Json | undefined {
  if (!stored) return incoming;
  const merged: Json = { ...stored, ...incoming };
  for (const map of languageMaps) {
    const before = asObject(stored[map]);
    const after = asObject(incoming[map]);
    if (before && after) merged[map] = { ...before, ...after };
  }
  return JSON.stringify(merged) === JSON.stringify(stored) ? undefined : merged;
}
