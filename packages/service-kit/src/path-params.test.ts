import { describe, expect, it } from 'vitest';
import { captureLogs } from '@vivier/testkit';
import { createLogger } from './logger';
import { createService } from './create-service';

describe('path parameters', () => {
  it('one with a NUL byte answers 404 with the envelope before the handler runs', async () => {
    const logs = captureLogs();
    const app = createService({
      name: 'params-test',
      logger: createLogger({ name: 'params-test', level: 'info', stream: logs.stream }),
    });
    const seen: string[] = [];
    app.get('/things/:id', async (request) => {
      seen.push((request.params as { id: string }).id);
      return { ok: true };
    });
    await app.ready();
    const refused = await app.inject({ method: 'GET', url: '/things/a%00b' });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({
      error: { code: 'NOT_FOUND' },
      requestId: refused.headers['x-request-id'],
    });
    const accepted = await app.inject({ method: 'GET', url: '/things/ab' });
    expect(accepted.statusCode).toBe(200);
    expect(seen).toEqual(['ab']);
    await app.close();
  });
});
