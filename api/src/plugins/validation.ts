import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import { storableInstant } from '@loket/db';
import Ajv, { type ErrorObject, type Format } from 'ajv';
import addFormats, { type FormatName } from 'ajv-formats';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { DomainError, type FieldProblem } from '../lib/errors';
import { uuidPattern } from '../lib/schemas';

/** ajv-formats' own check of a format (full mode), as a function. */
function rfcCheck(name: FormatName): (value: string) => boolean {
  const format: Format = addFormats.get(name);
  const validate = typeof format === 'object' && !(format instanceof RegExp) ? format.validate : format;
  if (validate instanceof RegExp) return (value) => validate.test(value);
  if (typeof validate === 'function') return (value) => (validate as (value: string) => boolean)(value) === true;
  throw new Error(`ajv-formats has no check for ${name}`);
}

const rfcDate = rfcCheck('date');
const rfcDateTime = rfcCheck('date-time');

/**
 * The formats as the database takes them, so that what passes validation also passes SQL: a UUID
 * only in its canonical form (ajv-formats also takes a `urn:uuid:` prefix), dates and moments only
 * within the years 0001 to 9999 in UTC, and no leap second (JavaScript cannot represent one).
 */
const storableFormats = {
  uuid: uuidPattern,
  date: (value: string) => rfcDate(value) && storableInstant(new Date(`${value}T00:00:00Z`)),
  'date-time': (value: string) => rfcDateTime(value) && storableInstant(new Date(value)),
};

function compiler(options: { coerce: boolean }) {
  const ajv = new Ajv({
    allErrors: true,
    // Unknown fields are an error, never silently dropped.
    removeAdditional: false,
    useDefaults: true,
    coerceTypes: options.coerce ? 'array' : false,
    strict: false,
  });
  addFormats(ajv);
  for (const [name, validate] of Object.entries(storableFormats)) ajv.addFormat(name, validate);
  return ajv;
}

/** A check of one value against a schema, exactly as a request body with it would be checked. */
export function bodyCheck(schema: object) {
  return compiler({ coerce: false }).compile(schema);
}

/**
 * Marks a body schema that only documents the body: the handler reads the raw bytes and checks
 * them itself (xAPI's statements and documents, whose rules the specification defines).
 */
export const checkedByHandler = 'x-checked-by-handler';

/**
 * Bodies are validated as sent (a "5" is not a number); query strings, path parameters and
 * headers arrive as text and are coerced to the declared types.
 */
export function installValidation(app: FastifyInstance): void {
  const bodyAjv = compiler({ coerce: false });
  const textAjv = compiler({ coerce: true });
  app.setValidatorCompiler(({ schema, httpPart }) => {
    if (httpPart !== 'body') return onFirstCall(() => textAjv.compile(schema));
    return (schema as Record<string, unknown>)[checkedByHandler] === true
      ? () => true
      : onFirstCall(() => bodyAjv.compile(schema));
  });
  // PostgreSQL cannot store a NUL character in text or JSON: refuse it up front as bad input, in the
  // parts the route declares (it reads no others, so a stray `?x=%00` there is ignored like any other).
  app.addHook('preValidation', async (request) => {
    const declared = request.routeOptions.schema ?? {};
    for (const [part, value] of [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const) {
      if (!declared[part]) continue;
      const path = nulAt(value);
      if (path === undefined) continue;
      const prefix = part === 'body' ? '' : `/${part}`;
      const status = part === 'body' ? 422 : 400;
      throw new DomainError(
        status,
        'validation',
        status === 422 ? 'Invalid input' : 'Invalid request parameters',
        'Text may not contain NUL characters (U+0000).',
        [{ path: `${prefix}${path}` || '/', message: 'must not contain U+0000', code: 'nul-character' }],
        undefined,
        { code: 'nul-character' },
      );
    }
  });
}

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * A check compiled when a request first needs it. Compiling every route's schemas at start (Fastify's
 * way) held some 60 MB of generated code in each process, most of it for routes a process never
 * serves. Fastify reads `errors` off the function it called, so the wrapper passes them on.
 */
function onFirstCall(compile: () => Validate): Validate {
  let compiled: Validate | undefined;
  const validate: Validate = (data) => {
    compiled ??= compile();
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  };
  return validate;
}

/**
 * Response serialisers (fast-json-stringify), likewise compiled on their first response: per route
 * and status (with every problem status each route declares) they were the larger part of that code.
 */
export const serializersOnFirstUse: NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>['buildSerializer'] = (externalSchemas, options) => {
  const compile = SerializerSelector()(externalSchemas, options);
  return (route) => {
    let serialize: ((payload: unknown) => string) | undefined;
    return (payload: unknown) => {
      serialize ??= compile(route);
      return serialize(payload);
    };
  };
};

/** The JSON pointer of the first string (or key) holding U+0000, walking without recursion. */
function nulAt(root: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[root, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string];
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
    } else if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        if (key.includes('\u0000')) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return undefined;
}

/** Turns Ajv errors into the problem body's field list, pointing at the offending input. */
export function fieldErrors(errors: ErrorObject[], part: string): FieldProblem[] {
  const prefix = part === 'body' ? '' : `/${part}`;
  // A nullable field fails both of its branches; "must be null" and "must match a schema in anyOf" say
  // nothing useful when the other branch explains what is wrong. And an id that fails its format fails
  // its pattern too: the format's message is the clearer one.
  const specific = errors.filter(
    (error) =>
      (!(error.keyword === 'anyOf' || (error.keyword === 'type' && error.params.type === 'null')) ||
        !errors.some(
          (other) =>
            other !== error &&
            other.instancePath === error.instancePath &&
            other.keyword !== 'anyOf' &&
            !(other.keyword === 'type' && other.params.type === 'null'),
        )) &&
      !(
        error.keyword === 'pattern' &&
        errors.some((other) => other.keyword === 'format' && other.instancePath === error.instancePath)
      ),
  );
  return specific.map((error) => {
    let path = error.instancePath;
    let message = error.message ?? 'is invalid';
    // ajv's keyword and its values (a limit, a format) are the machine-readable reason.
    const params = Object.fromEntries(
      Object.entries(error.params as Record<string, unknown>).filter(
        (entry): entry is [string, string | number | boolean] =>
          ['string', 'number', 'boolean'].includes(typeof entry[1]),
      ),
    );
    if (error.keyword === 'required') {
      path = `${path}/${String(error.params.missingProperty)}`;
      message = 'is required';
    } else if (error.keyword === 'additionalProperties') {
      path = `${path}/${String(error.params.additionalProperty)}`;
      message = 'is not a known field';
    }
    return { path: `${prefix}${path}` || '/', message, code: error.keyword, params };
  });
}
