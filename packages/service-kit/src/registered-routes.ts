import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';

/** One route as the service registered it: what a request can reach, and the schemas it parses with. */
export interface RegisteredRoute {
  method: string;
  url: string;
  schema?: FastifySchema;
  /** Route-level preHandlers (authenticate, requireRole, …) in the order they run. */
  preHandlerCount: number;
  isWebSocket: boolean;
}

const routesByApp = new WeakMap<object, RegisteredRoute[]>();

/**
 * Records every route registered on `app` or any plugin inside it. Installed by createService
 * before any route exists, so a test that walks `registeredRoutes(app)` (the bad-input property
 * tests, the access matrix) sees each new route without anyone updating a hand-typed list.
 */
export function recordRoutes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  routesByApp.set(app, routes);
  app.addHook('onRoute', (route: RouteOptions & { websocket?: boolean }) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const preHandlers = route.preHandler;
    for (const method of methods) {
      // Fastify adds a HEAD route beside every GET; it runs the same handler, so it is not listed.
      if (method === 'HEAD') continue;
      routes.push({
        method,
        url: route.url,
        schema: route.schema,
        preHandlerCount: Array.isArray(preHandlers) ? preHandlers.length : preHandlers ? 1 : 0,
        isWebSocket: route.websocket === true,
      });
    }
  });
}

/** Every route `app` registered, in registration order (empty for an app createService did not make). */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return routesByApp.get(app) ?? [];
}
