import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import matter from 'gray-matter';
import { marked } from 'marked';
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { CompletionRule, EvaluationQuestion, MeetingPlanItem } from '../schema/programmes';
import {
  EvaluationFrontMatter,
  MeetingPlanFrontMatter,
  ModuleFrontMatter,
  type ModuleFrontMatter as ModuleFrontMatterType,
  ProgrammeFrontMatter,
} from './format';

/** The repository's content/ folder. */
/** Content Markdown to HTML, the one way every text from content/ is rendered. */
export function renderMarkdown(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

export const defaultContentDir = fileURLToPath(new URL('../../../content', import.meta.url));

export interface LoadedModule extends ModuleFrontMatterType {
  bodyMarkdown: string;
  bodyHtml: string;
}

export interface LoadedProgramme {
  code: string;
  name: string;
  summary: string;
  description: string;
  themes: Array<{ code: string; title: string; description: string; position: number }>;
  modules: LoadedModule[];
  meetingPlan: MeetingPlanItem[];
  meetingPlanNotes: string;
  evaluationQuestions: EvaluationQuestion[];
  completionRule: CompletionRule;
  /** SHA-256 over everything above: equal content, equal hash. */
  contentHash: string;
  /**
   * In whose name the certificates are issued. Not part of a programme version (nor of its hash):
   * who signs is Loket's identity as issuer, read from here at every start.
   */
  commissioners: string[];
}

export class ContentError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ContentError';
  }
}

function check<T extends TSchema>(schema: T, data: unknown, file: string): Static<T> {
  if (!Value.Check(schema, data)) {
    const problems = Value.Errors(schema, data)
      .slice(0, 5)
      .map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new ContentError(file, `invalid front matter: ${problems.join('; ')}`);
  }
  return data as Static<T>;
}

async function readMatter(dir: string, file: string) {
  const raw = await readFile(join(dir, file), 'utf8');
  const parsed = matter(raw);
  return { data: parsed.data as unknown, body: parsed.content.trim() };
}

/** Reads and checks content/; throws a ContentError naming the file at fault. */
export async function loadContent(dir: string = defaultContentDir): Promise<LoadedProgramme> {
  const programmeFile = await readMatter(dir, 'programme.md');
  const programme = check(ProgrammeFrontMatter, programmeFile.data, 'programme.md');
  const meetingsFile = await readMatter(dir, 'meetings.md');
  const meetings = check(MeetingPlanFrontMatter, meetingsFile.data, 'meetings.md');
  const evaluationFile = await readMatter(dir, 'evaluation.md');
  const evaluation = check(EvaluationFrontMatter, evaluationFile.data, 'evaluation.md');

  const moduleFiles = (await readdir(join(dir, 'modules'))).filter((f) => f.endsWith('.md')).sort();
  const modules: LoadedModule[] = [];
  for (const file of moduleFiles) {
    const { data, body } = await readMatter(join(dir, 'modules'), file);
    const front = check(ModuleFrontMatter, data, `modules/${file}`);
    if (!programme.themes.some((t) => t.code === front.theme)) {
      throw new ContentError(`modules/${file}`, `unknown theme "${front.theme}"`);
    }
    if (body.length === 0) throw new ContentError(`modules/${file}`, 'the module has no text');
    modules.push({ ...front, bodyMarkdown: body, bodyHtml: renderMarkdown(body) });
  }
  modules.sort((a, b) => a.position - b.position);
  assertUnique(modules, (m) => m.code, 'module code');
  assertUnique(modules, (m) => String(m.position), 'module position');
  assertUnique(modules, (m) => m.activityIri, 'module activity IRI');
  assertUnique(meetings.meetings, (m) => String(m.sequence), 'meeting sequence');
  if (modules.length === 0) throw new ContentError('modules/', 'no modules found');

  const content = {
    code: programme.code,
    name: programme.name,
    summary: programme.summary,
    description: programmeFile.body,
    themes: [...programme.themes].sort((a, b) => a.position - b.position),
    modules,
    meetingPlan: [...meetings.meetings].sort((a, b) => a.sequence - b.sequence),
    meetingPlanNotes: meetingsFile.body,
    evaluationQuestions: evaluation.questions,
    completionRule: programme.completionRule,
  };
  return { ...content, contentHash: contentHashOf(content), commissioners: programme.commissioners };
}

/**
 * SHA-256 over everything a programme version is made of, in a fixed order. The commissioners are not
 * part of it: they are named on certificates, and a change of them makes no new version.
 */
export function contentHashOf(content: Omit<LoadedProgramme, 'contentHash' | 'commissioners'>): string {
  const { commissioners: _named, ...versioned } = content as Omit<LoadedProgramme, 'contentHash'>;
  return createHash('sha256').update(JSON.stringify(versioned)).digest('hex');
}

function assertUnique<T>(items: T[], key: (item: T) => string, what: string) {
  const seen = new Set<string>();
  for (const item of items) {
    const value = key(item);
    if (seen.has(value)) throw new ContentError('content/', `duplicate ${what} "${value}"`);
    seen.add(value);
  }
}
