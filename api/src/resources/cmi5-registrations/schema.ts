import Type from 'typebox';
import { Uuid } from '../../lib/schemas';
import { Cmi5LaunchMode, Cmi5LaunchRequest } from '../cmi5/schema';
import { XapiAgent } from '../xapi/schema';

const Position = Type.Integer({
  minimum: 0,
  maximum: 100_000,
  description: 'The unit\u2019s place in the course structure, from 0',
});

export const UnitParams = Type.Object({ id: Uuid, position: Position }, { additionalProperties: false });
export const RegistrationUnitParams = Type.Object(
  { registration: Uuid, position: Position },
  { additionalProperties: false },
);

export const CourseLaunchRequest = Type.Object(
  {
    actor: XapiAgent,
    registration: Type.Optional({
      ...Uuid,
      description: 'An earlier registration of this learner in this course, to continue it; without: a new one',
    }),
    ...Cmi5LaunchRequest.properties,
  },
  {
    title: 'Cmi5CourseLaunchRequest',
    additionalProperties: false,
    examples: [
      {
        actor: { objectType: 'Agent', name: 'Proefcursist', mbox: 'mailto:proefcursist@kb.example' },
        launchMode: 'Normal',
      },
    ],
  },
);

export const CourseLaunch = Type.Object(
  {
    sessionId: Uuid,
    url: Type.String({
      description:
        'The unit\u2019s URL with endpoint, fetch, actor, registration and activityId (cmi5 8.1); open it once',
    }),
    launchMode: Cmi5LaunchMode,
    registration: Uuid,
    activityId: Type.String({
      description: 'Loket\u2019s activity id for the unit (cmi5 8.1.5), not the publisher\u2019s',
    }),
  },
  { title: 'Cmi5CourseLaunch', additionalProperties: false },
);

export const UnitWaived = Type.Object(
  {
    registration: Uuid,
    position: Type.Integer(),
    activityId: Type.String(),
    sessionId: Type.String({ description: 'The session the `waived` statement and what it satisfied carry' }),
  },
  { title: 'Cmi5UnitWaived', additionalProperties: false },
);

export const CourseSession = Type.Object(
  {
    id: Uuid,
    registration: Uuid,
    position: Type.Integer(),
    launchMode: Cmi5LaunchMode,
    status: Type.Union([Type.Literal('launched'), Type.Literal('terminated'), Type.Literal('abandoned')]),
    launchedAt: Type.String({ format: 'date-time' }),
    endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { title: 'Cmi5CourseSession', additionalProperties: false },
);
