import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Connection } from '@loket/db';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { type Caller, systemCaller } from './lib/caller';
import { registerAdmin } from './plugins/admin';
import { databasePlugin } from './plugins/database';
import { healthRoutes } from './plugins/health';
import { registerOpenApi } from './plugins/openapi';
import { installProblems } from './plugins/problems';
import { installValidation } from './plugins/validation';
import { moduleRoutes } from './resources/modules/routes';
import { organisationRoutes } from './resources/organisations/routes';
import { participantRoutes } from './resources/participants/routes';
import { programmeRoutes } from './resources/programmes/routes';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
}

export interface AppOptions {
  connection: Connection;
  publicUrl?: string;
  logger?: FastifyServerOptions['logger'];
  /** Serve the built admin SPA at /admin when it exists. */
  serveAdmin?: boolean;
  bodyLimit?: number;
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,100}$/;

/** Builds the Loket API; only the server entry listens. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    // Keep a caller's correlation id when it is safe to log; otherwise make one.
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : uuidv7();
    },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // JSON in, JSON out: a text/plain body is refused (415) rather than parsed as a string.
  app.removeContentTypeParser('text/plain');
  installValidation(app);
  installProblems(app);
  app.decorateRequest('caller', null as unknown as Caller);
  app.addHook('onRequest', async (request) => {
    request.caller = systemCaller;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(databasePlugin, { connection: options.connection });
  await registerOpenApi(app, { publicUrl: options.publicUrl ?? 'http://localhost:3000' });
  await app.register(healthRoutes);
  await app.register(organisationRoutes);
  await app.register(participantRoutes);
  await app.register(programmeRoutes);
  await app.register(moduleRoutes);
  if (options.serveAdmin) await registerAdmin(app);
  return app;
}
