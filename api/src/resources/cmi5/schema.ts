import { cmi5LaunchModes } from '@loket/db';
import Type from 'typebox';
import { Uuid } from '../../lib/schemas';

export const Cmi5LaunchMode = Type.Union(
  [Type.Literal(cmi5LaunchModes[0]), Type.Literal(cmi5LaunchModes[1]), Type.Literal(cmi5LaunchModes[2])],
  { description: 'Normal (progress counts), Browse (a look around) or Review (looking back at a finished unit)' },
);

export const ModuleParams = Type.Object(
  {
    id: Uuid,
    module: Type.String({ minLength: 1, maxLength: 100, description: 'The module\u2019s code or id' }),
  },
  { additionalProperties: false },
);

export const Cmi5LaunchRequest = Type.Object(
  {
    launchMode: Type.Optional(Cmi5LaunchMode),
    returnUrl: Type.Optional(
      Type.String({
        format: 'uri',
        pattern: '^https?://',
        maxLength: 2000,
        description: 'Where the unit sends the learner when they leave it (LaunchData returnURL)',
      }),
    ),
  },
  {
    title: 'Cmi5LaunchRequest',
    additionalProperties: false,
    examples: [{ launchMode: 'Normal', returnUrl: 'https://loket.kb.example/admin/#/mijn-traject' }],
  },
);

export const Cmi5Launch = Type.Object(
  {
    sessionId: Uuid,
    url: Type.String({
      description:
        'The unit\u2019s URL with endpoint, fetch, actor, registration and activityId (cmi5 8.1); open it once',
    }),
    launchMode: Cmi5LaunchMode,
    registration: Type.String({ description: 'The cmi5 registration: the enrolment\u2019s id' }),
    activityId: Type.String({ description: 'The assignable unit: the module\u2019s activity IRI' }),
    moduleCode: Type.String(),
  },
  { title: 'Cmi5Launch', additionalProperties: false },
);

export const Cmi5WaiveRequest = Type.Object(
  {
    reason: Type.Union(
      [
        Type.Literal('Tested Out'),
        Type.Literal('Equivalent AU'),
        Type.Literal('Equivalent Outside Activity'),
        Type.Literal('Administrative'),
      ],
      { description: 'One of cmi5\u2019s reasons for waiving (9.5.4.1), kept in the `waived` statement' },
    ),
  },
  { title: 'Cmi5WaiveRequest', additionalProperties: false, examples: [{ reason: 'Equivalent Outside Activity' }] },
);

export const Cmi5Session = Type.Object(
  {
    id: Uuid,
    enrolmentId: Uuid,
    moduleCode: Type.String(),
    launchMode: Cmi5LaunchMode,
    status: Type.Union([Type.Literal('launched'), Type.Literal('terminated'), Type.Literal('abandoned')]),
    launchedAt: Type.String({ format: 'date-time' }),
    endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { title: 'Cmi5Session', additionalProperties: false },
);

export const FetchParams = Type.Object(
  { key: Type.String({ minLength: 1, maxLength: 100, description: 'The one-time key of the fetch URL' }) },
  { additionalProperties: false },
);

export const Cmi5AuthToken = Type.Object(
  { 'auth-token': Type.String({ description: 'Send as `Authorization: Basic <auth-token>` to the LRS' }) },
  { title: 'Cmi5AuthToken', additionalProperties: false },
);

export const Cmi5FetchError = Type.Object(
  {
    'error-code': Type.Union([Type.Literal('1'), Type.Literal('2')], {
      description: '1: used already, or its session ended; 2: not a fetch URL Loket handed out',
    }),
    'error-text': Type.String(),
  },
  {
    title: 'Cmi5FetchError',
    description: 'cmi5\u2019s error structure (8.2.3), in place of a token',
    additionalProperties: false,
  },
);

export const CourseParams = Type.Object({ id: Uuid, versionId: Uuid }, { additionalProperties: false });
