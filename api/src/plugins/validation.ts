import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

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
  return ajv;
}

/**
 * Bodies are validated as sent (a "5" is not a number); query strings, path parameters and
 * headers arrive as text and are coerced to the declared types.
 */
export function installValidation(app: FastifyInstance): void {
  const bodyAjv = compiler({ coerce: false });
  const textAjv = compiler({ coerce: true });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? bodyAjv.compile(schema) : textAjv.compile(schema),
  );
}

/** Turns Ajv errors into the problem body's field list, pointing at the offending input. */
export function fieldErrors(errors: ErrorObject[], part: string): Array<{ path: string; message: string }> {
  const prefix = part === 'body' ? '' : `/${part}`;
  // A nullable field fails both of its branches; "must be null" and "must match a schema in anyOf" say
  // nothing useful when the other branch explains what is wrong.
  const specific = errors.filter(
    (error) =>
      !(error.keyword === 'anyOf' || (error.keyword === 'type' && error.params.type === 'null')) ||
      !errors.some(
        (other) =>
          other !== error &&
          other.instancePath === error.instancePath &&
          other.keyword !== 'anyOf' &&
          !(other.keyword === 'type' && other.params.type === 'null'),
      ),
  );
  return specific.map((error) => {
    let path = error.instancePath;
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required') {
      path = `${path}/${String(error.params.missingProperty)}`;
      message = 'is required';
    } else if (error.keyword === 'additionalProperties') {
      path = `${path}/${String(error.params.additionalProperty)}`;
      message = 'is not a known field';
    }
    return { path: `${prefix}${path}` || '/', message };
  });
}
