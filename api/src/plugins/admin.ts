import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const adminDist = fileURLToPath(new URL('../../../admin/dist', import.meta.url));

/** Serves the built react-admin SPA at /admin; deep links fall back to its index.html. */
export async function registerAdmin(app: FastifyInstance, root: string = adminDist): Promise<boolean> {
  if (!existsSync(`${root}/index.html`)) return false;
  await app.register(fastifyStatic, { root, prefix: '/admin/', wildcard: false, index: ['index.html'] });
  app.get('/admin', { schema: { hide: true } }, (_request, reply) => reply.redirect('/admin/'));
  app.get('/admin/*', { schema: { hide: true } }, (_request, reply) => reply.sendFile('index.html', root));
  return true;
}
