import Fastify from 'fastify';
import helmet from 'helmet';
import { describe, expect, it } from 'vitest';
import { registerSecurityHeaders } from './security-headers';

const options = { contentSecurityPolicy: false, crossOriginEmbedderPolicy: false } as const;

describe('the security headers', () => {
  it('are exactly the ones helmet’s middleware sets on each response, on routes, errors and 404s', async () => {
    const ours = Fastify();
    registerSecurityHeaders(ours, options);
    const reference = Fastify();
    const middleware = helmet(options);
    reference.addHook('onRequest', (request, reply, done) =>
      middleware(request.raw, reply.raw, () => done()),
    );
    for (const app of [ours, reference]) {
      app.get('/ok', async (_request, reply) =>
        reply.header('x-powered-by', 'kept: set after').send({ ok: true }),
      );
      app.get('/fails', async () => {
        throw new Error('boom');
      });
    }
    const headersOf = async (app: typeof ours, url: string) => {
      const { headers } = await app.inject({ method: 'GET', url });
      const { date: _date, ...rest } = headers;
      return rest;
    };
    for (const url of ['/ok', '/fails', '/missing']) {
      const expected = await headersOf(reference, url);
      expect(expected['x-content-type-options']).toBe('nosniff');
      expect(await headersOf(ours, url)).toEqual(expected);
    }
    await Promise.all([ours.close(), reference.close()]);
  });
});
