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
  return errors.map((error) => {
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
