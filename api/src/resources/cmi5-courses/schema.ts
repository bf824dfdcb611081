import { cmi5LaunchMethods, cmi5MoveOns, cmi5PackageTypes } from '@loket/db';
import Type, { type Static } from 'typebox';
import { listOf, listQuery, Nullable, Timestamp, Uuid } from '../../lib/schemas';
import { checkedByHandler } from '../../plugins/validation';

const LangStrings = Type.Record(Type.String(), Type.String(), {
  description: 'The text in each language the course structure gave it, by language tag',
  examples: [{ 'nl-NL': 'Digitale vaardigheden' }],
});

export const Cmi5AssignableUnit = Type.Object(
  {
    position: Type.Integer({ minimum: 0, description: 'Its place in the course structure, 0-based, document order' }),
    publisherId: Type.String({ description: 'Its id in the cmi5.xml (an IRI)' }),
    title: LangStrings,
    description: LangStrings,
    url: Type.String({
      description: 'As the package gave it: fully qualified, or relative to the package\u2019s files',
    }),
    launchUrl: Type.String({
      description:
        'Where it is launched (before the launch parameters are added): `url` when fully qualified, else the ' +
        'file Loket serves at /cmi5/courses/{id}/files/',
    }),
    moveOn: Type.Enum(cmi5MoveOns),
    masteryScore: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
    launchMethod: Type.Enum(cmi5LaunchMethods),
    launchParameters: Nullable(Type.String()),
    entitlementKey: Nullable(Type.String()),
    activityType: Nullable(Type.String()),
    blocks: Type.Array(Type.String(), { description: 'The publisher ids of the blocks it sits in, outermost first' }),
  },
  { title: 'Cmi5AssignableUnit', additionalProperties: false },
);

const courseFields = {
  id: Uuid,
  publisherId: Type.String({ description: 'The course\u2019s id in its cmi5.xml (an IRI)' }),
  title: LangStrings,
  description: LangStrings,
  packageType: Type.Enum(cmi5PackageTypes, {
    description: '`xml`: a cmi5.xml alone; `zip`: a zip whose files Loket serves',
  }),
  createdAt: Timestamp,
};

export const Cmi5Course = Type.Object(
  {
    ...courseFields,
    assignableUnits: Type.Array(Cmi5AssignableUnit),
    structure: Type.Array(Type.Unknown(), {
      description:
        'The course structure in document order: `{ type: "block", publisherId, title, children }` and ' +
        '`{ type: "au", position }` nodes',
    }),
  },
  { title: 'Cmi5Course', additionalProperties: false },
);

export const Cmi5CourseSummary = Type.Object(
  { ...courseFields, assignableUnitCount: Type.Integer({ minimum: 0 }) },
  { title: 'Cmi5CourseSummary', additionalProperties: false },
);

export const Cmi5CourseList = listOf(Cmi5CourseSummary, 'Cmi5CourseList');
export const Cmi5CourseQuery = listQuery(['createdAt'], {}, '-createdAt');

const exampleStructure = `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://cursus.example/digitale-vaardigheden">
    <title><langstring lang="nl-NL">Digitale vaardigheden</langstring></title>
    <description><langstring lang="nl-NL">Oefenen met de computer</langstring></description>
  </course>
  <au id="https://cursus.example/digitale-vaardigheden/les-1" moveOn="Completed">
    <title><langstring lang="nl-NL">Les 1</langstring></title>
    <description><langstring lang="nl-NL">De muis en het toetsenbord</langstring></description>
    <url>https://cursus.example/digitale-vaardigheden/les-1/index.html</url>
  </au>
</courseStructure>`;

export const Cmi5Package = Type.String({
  description:
    'The package as it is: a cmi5.xml (text/xml or application/xml), or a zip (application/zip, ' +
    'application/x-zip-compressed or application/octet-stream) with cmi5.xml at its root',
  examples: [exampleStructure],
  [checkedByHandler]: true,
});

export const packageMediaTypes = [
  'application/xml',
  'text/xml',
  'application/zip',
  'application/x-zip-compressed',
  'application/octet-stream',
];

export const FileParams = Type.Object(
  { id: Uuid, '*': Type.String({ description: 'The file\u2019s path in the zip' }) },
  { additionalProperties: false },
);

export type Cmi5Course = Static<typeof Cmi5Course>;
export type Cmi5CourseSummary = Static<typeof Cmi5CourseSummary>;
export type Cmi5CourseQuery = Static<typeof Cmi5CourseQuery>;
