import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import matter from 'gray-matter';
import Type from 'typebox';
import { Value } from 'typebox/value';
import type { NotificationKind } from '../schema/outbox';
import { ContentError, defaultContentDir } from './load';

/** Each message is a file in content/notifications/ named after its kind, with the subject in front matter. */
export const notificationFiles: Record<NotificationKind, string> = {
  invitation: 'uitnodiging.md',
  meeting_invitation: 'uitnodiging-bijeenkomst.md',
  meeting_update: 'wijziging-bijeenkomst.md',
  meeting_cancellation: 'bijeenkomst-geannuleerd.md',
  meeting_withdrawal: 'afmelding-bijeenkomst.md',
  meeting_reminder: 'herinnering-bijeenkomst.md',
  certificate_issued: 'certificaat-uitgereikt.md',
};

const NotificationFrontMatter = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 200 }),
    /** The placeholders the text may use, as {{name}}: a typo is caught when Loket starts. */
    placeholders: Type.Array(Type.String({ pattern: '^[a-z]+$' })),
  },
  { additionalProperties: false },
);

export interface NotificationTemplate {
  subject: string;
  body: string;
  placeholders: string[];
}

export type NotificationTemplates = Record<NotificationKind, NotificationTemplate>;

const placeholderPattern = /\{\{\s*([a-z]+)\s*\}\}/g;

/** Reads the message texts and checks that they use only the placeholders they declare. */
export async function loadNotificationTemplates(dir: string = defaultContentDir): Promise<NotificationTemplates> {
  const entries = await Promise.all(
    (Object.entries(notificationFiles) as Array<[NotificationKind, string]>).map(async ([kind, file]) => {
      const name = `notifications/${file}`;
      const parsed = matter(await readFile(join(dir, 'notifications', file), 'utf8'));
      if (!Value.Check(NotificationFrontMatter, parsed.data)) {
        throw new ContentError(name, 'front matter needs subject and placeholders, nothing else');
      }
      const { subject, placeholders } = parsed.data;
      const body = parsed.content.trim();
      if (body.length === 0) throw new ContentError(name, 'the message has no text');
      for (const [, used] of `${subject}\n${body}`.matchAll(placeholderPattern)) {
        if (used && !placeholders.includes(used)) throw new ContentError(name, `unknown placeholder {{${used}}}`);
      }
      return [kind, { subject, body, placeholders }] as const;
    }),
  );
  return Object.fromEntries(entries) as NotificationTemplates;
}

/** Fills in {{name}} placeholders; a value that is missing is an error rather than an empty gap. */
export function renderTemplate(text: string, values: Record<string, string>): string {
  return text.replace(placeholderPattern, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {{${name}}}`);
    return value;
  });
}
