import type { FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The path itself is a credential (a calendar feed URL): the log shows the route, not the path. */
    secretInPath?: boolean;
  }
}

const safeName = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/**
 * A request's URL as the log shows it: the path, and the names of the query parameters without
 * their values. A query string carries searches for people (`q=`), email addresses and, from
 * careless clients, secrets; a log is kept longer and read more widely than the data itself.
 */
export function loggedUrl(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const names = [...new URLSearchParams(url.slice(start + 1)).keys()].filter((name) => safeName.test(name));
  return `${url.slice(0, start)}?${names.map((name) => `${name}=[redacted]`).join('&')}`;
}

/** Pino options for the API: secrets in headers and bodies redacted, query values left out. */
export function loggerOptions(options: { level: string; stream?: DestinationStream }) {
  return {
    ...options,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.client_secret',
        '*.refresh_token',
        '*.access_token',
        '*.token',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: request.routeOptions?.config?.secretInPath ? request.routeOptions.url : loggedUrl(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
  };
}
