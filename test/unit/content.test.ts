import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContentError, defaultContentDir, type LoadedProgramme, loadContent } from '@loket/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const expectedModules = [
  { position: 1, code: 'landelijke-context', theme: 'sociaal-domein', title: 'Landelijke context vertaald' },
  { position: 2, code: 'onze-activiteiten', theme: 'sociaal-domein', title: 'Onze activiteiten' },
  { position: 3, code: 'nieuwe-klanten', theme: 'sociaal-domein', title: "Onze 'nieuwe' klanten" },
  { position: 4, code: 'digitaalhuis', theme: 'sociaal-domein', title: 'Het digiTaalhuis als netwerk en fysiek' },
  { position: 5, code: 'boekstart', theme: 'laaggeletterdheid', title: 'BoekStart' },
  {
    position: 6,
    code: 'bibliotheek-op-school',
    theme: 'laaggeletterdheid',
    title: 'De Bibliotheek op school en voortgezet onderwijs',
  },
];

/** The four discussion questions of the team meetings, as in the article. */
const articleQuestions = [
  'Wat doen wij allemaal op onze locatie?',
  'Waar liggen onze speerpunten en waar zetten wij op in?',
  "Wat is de nieuwe rol van de publieksservice in deze programma's?",
  'Hoe pak ik mijn rol op?',
];

let content: LoadedProgramme;
const tempDirs: string[] = [];

/** A copy of content/ in a fresh temporary folder, to change without touching the repository. */
async function copyContent(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'loket-content-'));
  tempDirs.push(dir);
  await cp(defaultContentDir, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  content = await loadContent();
});

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the programme content', () => {
  it('has exactly the six modules of the article, in order, with their codes, titles and themes', () => {
    expect(content.modules.map(({ position, code, theme, title }) => ({ position, code, theme, title }))).toEqual(
      expectedModules,
    );
  });

  it('puts modules 1-4 in the social-domain theme and 5-6 in the literacy theme', () => {
    expect(content.themes.map((t) => t.code)).toEqual(['sociaal-domein', 'laaggeletterdheid']);
    const byTheme = (theme: string) => content.modules.filter((m) => m.theme === theme).map((m) => m.position);
    expect(byTheme('sociaal-domein')).toEqual([1, 2, 3, 4]);
    expect(byTheme('laaggeletterdheid')).toEqual([5, 6]);
  });

  it.each(expectedModules)('module $position ($code) has substantive text and complete metadata', ({ code }) => {
    const module = content.modules.find((m) => m.code === code);
    expect(module).toBeDefined();
    if (!module) return;
    expect(module.bodyMarkdown.length).toBeGreaterThan(2000);
    expect(module.bodyHtml).toContain('<h2');
    expect(module.bodyMarkdown).toMatch(/^## Wat doe jij\?$/m);
    expect(module.bodyMarkdown).toMatch(/^## (Checklist voor de balie|Samenvatting)$/m);
    expect(module.summary.length).toBeGreaterThan(40);
    expect(module.estimatedMinutes).toBeGreaterThanOrEqual(30);
    expect(module.estimatedMinutes).toBeLessThanOrEqual(60);
    expect(module.learningGoals.length).toBeGreaterThanOrEqual(3);
    expect(module.learningGoals.length).toBeLessThanOrEqual(5);
    for (const goal of module.learningGoals) expect(goal).toMatch(/^Je [a-z]+ /);
    expect(module.activityIri).toBe(`https://loket.kb.example/xapi/lfb/modules/${code}`);
  });

  it('plans a kick-off, two team meetings and a closing meeting, each team meeting with the article\u2019s four questions', () => {
    expect(content.meetingPlan.map((m) => [m.sequence, m.type, m.title])).toEqual([
      [1, 'kickoff', 'Kick-off'],
      [2, 'team_meeting', 'Teambijeenkomst 1'],
      [3, 'team_meeting', 'Teambijeenkomst 2'],
      [4, 'team_meeting', 'Slotbijeenkomst'],
    ]);
    const teamMeetings = content.meetingPlan.filter((m) => m.type === 'team_meeting');
    for (const meeting of teamMeetings) expect(meeting.agenda).toEqual(expect.arrayContaining(articleQuestions));
    const weeks = content.meetingPlan.map((m) => m.weekOffset);
    expect(weeks).toEqual([...weeks].sort((a, b) => a - b));
    // The programme runs three months: every meeting falls within 13 weeks of the start.
    expect(Math.max(...weeks)).toBeLessThanOrEqual(13);
  });

  it('requires every chosen module and attendance at the kick-off and the team meetings', () => {
    expect(content.completionRule).toEqual({
      requireAllChosenModules: true,
      requiredSessionTypes: ['kickoff', 'team_meeting'],
      excusedAbsenceWaivable: true,
    });
  });
});

describe('the content hash', () => {
  it('is the same when the same content is loaded twice', async () => {
    const again = await loadContent();
    expect(again.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(again.contentHash).toBe(content.contentHash);
  });

  it('is the same for an unchanged copy of the folder', async () => {
    const dir = await copyContent();
    expect((await loadContent(dir)).contentHash).toBe(content.contentHash);
  });

  it('changes when the text of one module changes', async () => {
    const dir = await copyContent();
    const file = join(dir, 'modules', '05-boekstart.md');
    await writeFile(file, `${await readFile(file, 'utf8')}\nEen extra zin voor de balie.\n`);
    const changed = await loadContent(dir);
    expect(changed.contentHash).not.toBe(content.contentHash);
    expect(changed.modules.find((m) => m.code === 'boekstart')?.bodyMarkdown).toContain('Een extra zin');
  });

  it('changes when only the front matter of one module changes', async () => {
    const dir = await copyContent();
    const file = join(dir, 'modules', '02-onze-activiteiten.md');
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^estimatedMinutes: \d+$/m);
    await writeFile(file, text.replace(/^estimatedMinutes: \d+$/m, 'estimatedMinutes: 59'));
    expect((await loadContent(dir)).contentHash).not.toBe(content.contentHash);
  });
});

describe('invalid content', () => {
  it('is rejected with an error that names the module file without a title', async () => {
    const dir = await copyContent();
    const file = join(dir, 'modules', '03-nieuwe-klanten.md');
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^title: .+$/m);
    await writeFile(file, text.replace(/^title: .+\n/m, ''));
    const loading = loadContent(dir);
    await expect(loading).rejects.toBeInstanceOf(ContentError);
    await expect(loading).rejects.toThrow(/modules\/03-nieuwe-klanten\.md/);
    await expect(loading).rejects.toThrow(/title/);
  });

  it('is rejected when a module names a theme the programme does not have', async () => {
    const dir = await copyContent();
    const file = join(dir, 'modules', '06-bibliotheek-op-school.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^theme: .+$/m, 'theme: onbekend-thema'));
    await expect(loadContent(dir)).rejects.toThrow(/modules\/06-bibliotheek-op-school\.md.*unknown theme/);
  });

  it('is rejected when two modules share a position', async () => {
    const dir = await copyContent();
    const file = join(dir, 'modules', '04-digitaalhuis.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^position: 4$/m, 'position: 3'));
    await expect(loadContent(dir)).rejects.toThrow(/duplicate module position "3"/);
  });
});
