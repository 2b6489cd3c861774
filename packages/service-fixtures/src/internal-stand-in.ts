import type { AddressInfo } from 'node:net';
import {
  createLogger,
  createService,
  INTERNAL_TOKEN_HEADER,
  requireInternalToken,
  type Service,
} from '@vivier/service-kit';

interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/**
 * The shell of a stand-in for another service's internal API over real HTTP (a service never
 * imports another app): a service-kit app that records every request, answers 404 without the
 * service token, and listens on a free port. `register` adds the routes being stood in for.
 */
export async function startInternalStandIn(
  name: string,
  internalToken: string,
  register: (app: Service) => void,
) {
  const requests: RecordedRequest[] = [];
  const app = createService({ name: `${name}-stand-in`, logger: createLogger({ name, level: 'silent' }) });
  app.addHook('preHandler', async (request) => {
    requests.push({ method: request.method, url: request.url, headers: request.headers, body: request.body });
  });
  app.addHook('preHandler', requireInternalToken(internalToken));
  register(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Requests that reached a route with the right service token. */
    authorisedRequests: () =>
      requests.filter((request) => request.headers[INTERNAL_TOKEN_HEADER] === internalToken),
    close: () => app.close(),
  };
}
