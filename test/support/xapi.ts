import type { AddressInfo } from 'node:net';
import type { TestApp } from './app';

/** The catalogue's activity IRIs by module code: what an e-learning player names in a statement. */
export async function activityIris(t: TestApp): Promise<(code: string) => string> {
  const modules = (await t.http().get('/v1/modules?limit=10')).body.data as Array<{
    code: string;
    activityIri: string;
  }>;
  return (code) => modules.find((m) => m.code === code)?.activityIri ?? '';
}

/** Opens the app on a free port for an xAPI client library, and answers its xAPI endpoint. */
export async function xapiEndpoint(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/v1/xapi/`;
}
