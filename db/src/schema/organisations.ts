import { sql } from 'drizzle-orm';
import { type AnyPgColumn, check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, oneOf, timestamps } from './columns';

export const organisationKinds = ['national', 'poi', 'library', 'branch', 'partner'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const organisations = pgTable(
  'organisations',
  {
    id: id(),
    kind: text().$type<OrganisationKind>().notNull(),
    parentId: uuid().references((): AnyPgColumn => organisations.id, { onDelete: 'restrict' }),
    /** Materialised ancestry, "/<root id>/…/<own id>/": a subtree is one prefix match. */
    path: text().notNull(),
    name: text().notNull(),
    shortName: text(),
    province: text(),
    city: text(),
    email: text(),
    phone: text(),
    website: text(),
    ...timestamps(),
  },
  (t) => [
    oneOf('organisations_kind_check', t.kind, organisationKinds),
    check('organisations_parent_not_self', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
    index('organisations_parent_idx').on(t.parentId),
    index('organisations_kind_name_idx').on(t.kind, t.name, t.id),
    index('organisations_name_idx').on(t.name, t.id),
    index('organisations_path_idx').on(t.path.op('text_pattern_ops')),
  ],
);
