import Type, { type Static } from 'typebox';

/** The shapes of the files under content/: what editors write, checked before anything is stored. */
const Code = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64 });
const Text = Type.String({ minLength: 1 });

export const ThemeFile = Type.Object(
  { code: Code, title: Text, description: Text, position: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const ProgrammeFrontMatter = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z][A-Z0-9]{1,15}$' }),
    name: Text,
    summary: Text,
    themes: Type.Array(ThemeFile, { minItems: 1 }),
    /** In whose name the certificates are issued: named on every certificate and in every credential. */
    commissioners: Type.Array(Text, { minItems: 1, uniqueItems: true }),
    completionRule: Type.Object(
      {
        requireAllChosenModules: Type.Boolean(),
        requiredSessionTypes: Type.Array(Type.Union([Type.Literal('kickoff'), Type.Literal('team_meeting')])),
        excusedAbsenceWaivable: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const ModuleFrontMatter = Type.Object(
  {
    code: Code,
    title: Text,
    theme: Code,
    position: Type.Integer({ minimum: 1 }),
    summary: Text,
    estimatedMinutes: Type.Integer({ minimum: 1, maximum: 600 }),
    learningGoals: Type.Array(Text, { minItems: 1 }),
    activityIri: Type.String({ pattern: '^https://' }),
    launchUrl: Type.Optional(Type.String({ pattern: '^https://', maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const MeetingPlanFrontMatter = Type.Object(
  {
    meetings: Type.Array(
      Type.Object(
        {
          type: Type.Union([Type.Literal('kickoff'), Type.Literal('team_meeting')]),
          sequence: Type.Integer({ minimum: 1 }),
          title: Text,
          weekOffset: Type.Integer({ minimum: 0, maximum: 52 }),
          durationMinutes: Type.Integer({ minimum: 15, maximum: 480 }),
          agenda: Type.Array(Text, { minItems: 1 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);

export const EvaluationFrontMatter = Type.Object(
  {
    questions: Type.Array(
      Type.Object(
        {
          code: Code,
          subject: Type.Union([Type.Literal('module'), Type.Literal('session'), Type.Literal('cohort')]),
          text: Text,
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);

export type ProgrammeFrontMatter = Static<typeof ProgrammeFrontMatter>;
export type ModuleFrontMatter = Static<typeof ModuleFrontMatter>;
export type MeetingPlanFrontMatter = Static<typeof MeetingPlanFrontMatter>;
export type EvaluationFrontMatter = Static<typeof EvaluationFrontMatter>;
