import { agentKey, mboxSha1sumOf } from '@loket/db';
import { describe, expect, it } from 'vitest';
import {
  acceptedLanguages,
  formatStatement,
  mergedDefinition,
  normalStatement,
  objectActivityId,
  objectAgentKey,
  relatedActivityIris,
  relatedAgentKeys,
  voidedBy,
} from '../../api/src/resources/xapi/shape';

const voided = 'http://adlnet.gov/expapi/verbs/voided';
const statement = {
  actor: { objectType: 'Agent', name: 'Anouk', mbox: 'mailto:Anouk@Example.org' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered', 'nl-NL': 'beantwoordde' } },
  object: {
    objectType: 'Activity',
    id: 'https://cursus.example/vraag-1',
    definition: {
      name: { 'en-US': 'Question 1', 'nl-NL': 'Vraag 1' },
      type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
    },
  },
  context: {
    instructor: { mbox: 'mailto:docent@example.org' },
    contextActivities: {
      parent: { id: 'https://cursus.example/module' },
      grouping: [{ id: 'https://cursus.example' }],
    },
  },
  authority: { objectType: 'Agent', account: { homePage: 'https://loket.example/v1/api-clients', name: 'k' } },
};

describe('the form Loket keeps a statement in', () => {
  it('makes a single context activity an array, in the statement and in a sub-statement', () => {
    const normal = normalStatement(statement);
    expect(normal.context).toMatchObject({
      contextActivities: {
        parent: [{ id: 'https://cursus.example/module' }],
        grouping: [{ id: 'https://cursus.example' }],
      },
    });
    const sub = normalStatement({
      ...statement,
      object: { objectType: 'SubStatement', ...statement, context: statement.context },
    });
    expect((sub.object as { context: unknown }).context).toMatchObject({
      contextActivities: { parent: [{ id: 'https://cursus.example/module' }] },
    });
  });
});

describe('what a statement names', () => {
  it('finds every agent for related_agents: actor, instructor, authority, and the members of a group', () => {
    const keys = relatedAgentKeys(normalStatement(statement));
    expect(keys).toEqual(
      expect.arrayContaining([
        'mbox:mailto:anouk@example.org',
        'mbox:mailto:docent@example.org',
        'account:https://loket.example/v1/api-clients|k',
      ]),
    );
    const group = { objectType: 'Group', member: [{ mbox: 'mailto:a@example.org' }, { mbox: 'mailto:b@example.org' }] };
    expect(relatedAgentKeys({ ...statement, actor: group })).toEqual(
      expect.arrayContaining(['mbox:mailto:a@example.org', 'mbox:mailto:b@example.org', agentKey(group)]),
    );
  });

  it('finds every activity for related_activities, and the object activity or agent', () => {
    expect(relatedActivityIris(normalStatement(statement)).sort()).toEqual([
      'https://cursus.example',
      'https://cursus.example/module',
      'https://cursus.example/vraag-1',
    ]);
    expect(objectActivityId(statement)).toBe('https://cursus.example/vraag-1');
    expect(objectAgentKey(statement)).toBeUndefined();
    expect(objectAgentKey({ ...statement, object: { objectType: 'Agent', openid: 'https://id.example/a' } })).toBe(
      'openid:https://id.example/a',
    );
  });

  it('names the statement a voiding statement voids, and nothing for others', () => {
    const id = '9B1DEB4D-3B7D-4BAD-9BDD-2B0D7B3DCB6D';
    expect(voidedBy({ ...statement, verb: { id: voided }, object: { objectType: 'StatementRef', id } }, voided)).toBe(
      id.toLowerCase(),
    );
    expect(voidedBy(statement, voided)).toBeUndefined();
  });

  it('keys people by their one identifier, mailboxes without case, and hashes an address as xAPI does', () => {
    expect(agentKey({ mbox: 'mailto:A@B.example' })).toBe('mbox:mailto:a@b.example');
    expect(agentKey({ account: { homePage: 'https://lms.example', name: 'X1' } })).toBe(
      'account:https://lms.example|X1',
    );
    expect(agentKey({})).toBeUndefined();
    // The mbox_sha1sum ADL's conformance suite gives mailto:xapi@adlnet.gov.
    expect(mboxSha1sumOf('XAPI@adlnet.gov')).toBe('cd9b00a5611f94eaa7b1661edab976068e364975');
  });
});

describe('the formats a statement is answered in', () => {
  it('exact: as stored', () => {
    expect(formatStatement(statement, 'exact', [])).toBe(statement);
  });

  it('ids: only what identifies agents, activities and verbs', () => {
    const ids = formatStatement(normalStatement(statement), 'ids', []);
    expect(ids.actor).toEqual({ objectType: 'Agent', mbox: 'mailto:Anouk@Example.org' });
    expect(ids.verb).toEqual({ id: statement.verb.id });
    expect(ids.object).toEqual({ id: 'https://cursus.example/vraag-1' });
    expect(ids.context).toMatchObject({ contextActivities: { parent: [{ id: 'https://cursus.example/module' }] } });
  });

  it('canonical: each text in the reader\u2019s best language', () => {
    const dutch = formatStatement(statement, 'canonical', acceptedLanguages('nl;q=0.9, en;q=0.5'));
    expect(dutch.verb).toEqual({ id: statement.verb.id, display: { 'nl-NL': 'beantwoordde' } });
    expect((dutch.object as { definition: { name: unknown } }).definition.name).toEqual({ 'nl-NL': 'Vraag 1' });
    const other = formatStatement(statement, 'canonical', ['fr']);
    expect((other.verb as { display: unknown }).display).toEqual({ 'en-US': 'answered' });
  });

  it('reads Accept-Language in order of preference', () => {
    expect(acceptedLanguages('en-US;q=0.3, nl-NL, de;q=0.7, *;q=0.1')).toEqual(['nl-NL', 'de', 'en-US']);
    expect(acceptedLanguages(undefined)).toEqual([]);
  });
});

describe('an activity\u2019s definition over several statements', () => {
  it('keeps every language either gave and otherwise the newest values; unchanged is nothing to write', () => {
    const first = { name: { 'nl-NL': 'Toets' }, type: 'http://adlnet.gov/expapi/activities/assessment' };
    const merged = mergedDefinition(first, { name: { 'en-US': 'Quiz' }, moreInfo: 'https://cursus.example/info' });
    expect(merged).toEqual({
      name: { 'nl-NL': 'Toets', 'en-US': 'Quiz' },
      type: 'http://adlnet.gov/expapi/activities/assessment',
      moreInfo: 'https://cursus.example/info',
    });
    expect(mergedDefinition(merged, { name: { 'en-US': 'Quiz' } })).toBeUndefined();
    expect(mergedDefinition(undefined, first)).toBe(first);
  });
});
