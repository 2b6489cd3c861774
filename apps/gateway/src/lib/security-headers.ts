import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

interface SecurityHeaders {
  /** In the order helmet sets them, with helmet's own spelling. */
  set: Array<[name: string, value: string]>;
  removed: string[];
}

/**
 * The headers helmet's middleware writes for `options`, read once by running it against a
 * recording response. With no CSP nonces they are the same for every request; @fastify/helmet
 * rebuilds the whole middleware (every option parsed, a closure per header) on each request, which
 * was about a kilobyte of garbage per request, promoted under a burst of WebSocket handshakes.
 */
function securityHeadersFor(options: HelmetOptions): SecurityHeaders {
  const headers: SecurityHeaders = { set: [], removed: [] };
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers.set.push([name, String(value)]);
    },
    removeHeader: (name: string) => {
      headers.removed.push(name);
    },
  };
  // helmet 8 throws a bad option itself; its callback only ever signals the end.
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}

/** Every response carries helmet's headers for `options`, set as helmet sets them. */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const { set, removed } = securityHeadersFor(options);
  app.addHook('onRequest', (_request, reply, done) => {
    const response = reply.raw;
    for (const [name, value] of set) response.setHeader(name, value);
    for (const name of removed) response.removeHeader(name);
    done();
  });
}
