import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdempotencyHeaders, IdParams, problemResponses } from '../../lib/schemas';
import { idempotently, transact } from '../../lib/write';
import { Cmi5Course, Cmi5CourseList, Cmi5CourseQuery, Cmi5Package, FileParams, packageMediaTypes } from './schema';
import * as service from './service';

const tags = ['cmi5'];

/** The largest package the import takes (a zip with its units' media); bigger ones answer 413. */
export const packageBodyLimit = 200 * 1024 * 1024;

/**
 * Served package files run the publisher's scripts: they may do what a page does with its own
 * content (scripts, forms, pop-ups), but not in Loket's origin, whose stored sign-in they could read.
 */
const contentPolicy = [
  'sandbox allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox allow-modals allow-downloads',
  "default-src * data: blob: 'unsafe-inline' 'unsafe-eval'",
  "frame-ancestors 'self'",
].join('; ');

const fileEtag = (courseId: string, path: string) =>
  `"${createHash('sha256').update(`${courseId}/${path}`).digest('base64url').slice(0, 27)}"`;

export interface Cmi5CourseOptions {
  publicUrl: string;
}

export const cmi5CourseRoutes: FastifyPluginAsyncTypebox<Cmi5CourseOptions> = async (app, { publicUrl }) => {
  // A package comes as it is, zip or XML: read as bytes and checked by the import itself.
  await app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: packageBodyLimit }, (_request, body, done) =>
      done(null, body),
    );
    scoped.post(
      '/v1/cmi5/courses',
      {
        config: { permission: 'courses:manage' },
        schema: {
          tags,
          operationId: 'importCoursePackage',
          summary: 'Import a cmi5 course package',
          description:
            'The body is the package: a `cmi5.xml` (Content-Type text/xml or application/xml) whose assignable ' +
            'units all have fully qualified URLs, or a zip (application/zip, application/x-zip-compressed or ' +
            'application/octet-stream) with `cmi5.xml` at its root and the files its relative URLs name, which ' +
            'Loket then serves at `/cmi5/courses/{id}/files/{path}`. At most 200 MB; a zip may hold 10,000 ' +
            'entries and 512 MB unpacked (413 `cmi5-package-too-large`). The package is checked as the cmi5 ' +
            'specification requires of an LMS: a package that breaks a rule answers 422 ' +
            '`invalid-cmi5-package`, with the rule\u2019s requirement id in `requirement` (for example ' +
            '`13.2.0.0-1`: not valid against the cmi5 CourseStructure.xsd; `3.0.0.0-1`: an id that is no IRI; ' +
            '`13.1.4.0-1`: an assignable unit id used twice; `14.1.0.0-4`: a relative URL naming no file in the ' +
            'zip; `8.1.0.0-6`: a URL whose query names a launch parameter). Audited.',
          headers: IdempotencyHeaders,
          consumes: packageMediaTypes,
          body: Cmi5Package,
          response: { 201: Cmi5Course, ...problemResponses(413, 422) },
        },
      },
      async (request, reply) => {
        // Nothing at all, when the request had no body.
        const body = (request.body as unknown as Buffer | undefined) ?? Buffer.alloc(0);
        const coursePackage = await service.readCoursePackage(request.headers['content-type'], body);
        const course = await idempotently(request, reply, 201, (ctx) =>
          service.importCourse(ctx, publicUrl, coursePackage),
        );
        reply.header('location', `/v1/cmi5/courses/${course.id}`);
        return course;
      },
    );
  });

  app.get(
    '/v1/cmi5/courses',
    {
      config: { permission: 'catalogue:read' },
      schema: {
        tags,
        operationId: 'listImportedCourses',
        summary: 'List imported cmi5 courses',
        querystring: Cmi5CourseQuery,
        response: { 200: Cmi5CourseList, ...problemResponses(400) },
      },
    },
    async (request) => service.list(app.db, request.query),
  );

  app.get(
    '/v1/cmi5/courses/:id',
    {
      config: { permission: 'catalogue:read' },
      schema: {
        tags,
        operationId: 'getImportedCourse',
        summary: 'Get an imported cmi5 course with its assignable units',
        params: IdParams,
        response: { 200: Cmi5Course, ...problemResponses(400, 404) },
      },
    },
    async (request) => service.get(app.db, publicUrl, request.params.id),
  );

  app.delete(
    '/v1/cmi5/courses/:id',
    {
      config: { permission: 'courses:manage' },
      schema: {
        tags,
        operationId: 'deleteImportedCourse',
        summary: 'Delete an imported cmi5 course',
        description:
          'Its files, registrations and sessions go with it; the statements about it stay in the LRS. Audited.',
        params: IdParams,
        response: { 204: { type: 'null', description: 'Deleted' }, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await transact(request, (ctx) => service.remove(ctx, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/cmi5/courses/:id/files/*',
    {
      config: { permission: 'public' },
      // Outside the API's document: OpenAPI cannot name a path of several segments (the import's
      // description says where the files are). Files never change (a new import is a new course), so
      // their ETag and caching rest on the course and the path.
      schema: { hide: true, params: FileParams },
    },
    async (request, reply) => {
      const { id, '*': path } = request.params;
      const found = await service.file(app.db, id, path);
      const etag = fileEtag(id, path);
      reply
        .header('etag', etag)
        .header('cache-control', 'public, max-age=3600')
        .header('content-security-policy', contentPolicy)
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('access-control-allow-origin', '*');
      const sent = request.headers['if-none-match'];
      if (sent?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.code(304).send(null);
      return reply.type(found.contentType).send(found.content);
    },
  );
};
