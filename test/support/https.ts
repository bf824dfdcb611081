import { readFileSync } from 'node:fs';
import { Agent, createServer, get } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

const tls = (file: string) => readFileSync(new URL(`../fixtures/tls/${file}`, import.meta.url));

/**
 * An HTTPS server on a free port of localhost, with the test certificate (see fixtures/tls): listen
 * first, so the app can be built for its address (`https://localhost:<port>`), then attach the app.
 * `agent` trusts that certificate and nothing else.
 */
export async function listenHttps() {
  let app: FastifyInstance | undefined;
  const server = createServer({ key: tls('localhost.key'), cert: tls('localhost.crt') }, (request, response) => {
    if (app) app.routing(request, response);
    else response.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ ca: tls('localhost.crt') });
  return {
    baseUrl: `https://localhost:${port}`,
    agent,
    /** GET over HTTPS as any client on the network would, trusting only the test certificate. */
    fetch: (url: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; headers: Record<string, string | undefined>; text: string }>((resolve, reject) => {
        get(url, { agent, headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers as Record<string, string | undefined>,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', reject);
        }).on('error', reject);
      }),
    attach(built: FastifyInstance) {
      app = built;
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
