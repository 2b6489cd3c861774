import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { captureLogs } from '@vivier/testkit';
import { createLogger } from './logger';
import { createService } from './create-service';
import { registeredRoutes } from './registered-routes';

describe('registeredRoutes', () => {
  it('lists every route, in plugins too, with its schemas and without the implicit HEAD', async () => {
    const logs = captureLogs();
    const app = createService({
      name: 'routes-test',
      logger: createLogger({ name: 'routes-test', level: 'info', stream: logs.stream }),
    });
    const body = z.object({ name: z.string() });
    app.post('/things', { schema: { body } }, async () => ({}));
    await app.register(async (plugin) => {
      plugin.get('/things/:id', async () => ({}));
    });
    await app.ready();
    const listed = registeredRoutes(app).map((route) => `${route.method} ${route.url}`);
    expect(listed).toEqual(['GET /metrics', 'GET /health', 'GET /ready', 'POST /things', 'GET /things/:id']);
    expect(registeredRoutes(app).find((route) => route.url === '/things')?.schema?.body).toBe(body);
    await app.close();
  });
});
