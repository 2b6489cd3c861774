import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApiClient, fileNameOf } from './api-client';
import { ApiError } from './api-error';

/** A JWT-shaped token (unsigned: the client only reads `exp`). */
function token(name: string, expiresInSeconds = 900) {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'ES256' })}.${encode({ sub: name, exp: Math.floor(Date.now() / 1000) + expiresInSeconds })}.sig`;
}
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const unauthenticated = () =>
  json(401, { error: { code: 'UNAUTHENTICATED', message: 'Token expired' }, requestId: 'req_x' });

/** A fake gateway: `/api/auth/refresh` hands out tokens in turn; other routes accept only the current one. */
function fakeGateway(options: { refreshes: Array<string | null>; validToken: () => string | null }) {
  const calls: Array<{ path: string; authorization: string | null }> = [];
  const fetch = async (input: string | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://app.test');
    const headers = new Headers(init?.headers);
    calls.push({ path: url.pathname, authorization: headers.get('authorization') });
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (url.pathname === '/api/auth/refresh') {
      const next = options.refreshes.shift();
      return next ? json(200, { accessToken: next }) : unauthenticated();
    }
    return headers.get('authorization') === `Bearer ${options.validToken()}`
      ? json(200, { ok: true, path: url.pathname })
      : unauthenticated();
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

const OkSchema = z.object({ ok: z.literal(true), path: z.string() });
const Ok = () => OkSchema;
const noLock = <T>(task: () => Promise<T>) => task();

describe('createApiClient', () => {
  it('refreshes once on a 401 and retries with the new token', async () => {
    const fresh = token('fresh');
    const gateway = fakeGateway({ refreshes: [fresh], validToken: () => fresh });
    const client = createApiClient({ fetch: gateway.fetch, withRefreshLock: noLock });
    client.setAccessToken(token('stale'));
    await expect(client.request('GET', '/api/chats', Ok)).resolves.toEqual({ ok: true, path: '/api/chats' });
    expect(gateway.calls.map((call) => call.path)).toEqual(['/api/chats', '/api/auth/refresh', '/api/chats']);
    expect(gateway.calls[2]!.authorization).toBe(`Bearer ${fresh}`);
  });

  it('shares one refresh between calls that fail at the same time (refresh tokens rotate)', async () => {
    const fresh = token('fresh');
    const gateway = fakeGateway({ refreshes: [fresh, token('second')], validToken: () => fresh });
    const client = createApiClient({ fetch: gateway.fetch, withRefreshLock: noLock });
    client.setAccessToken(token('stale'));
    await Promise.all([
      client.request('GET', '/api/a', Ok),
      client.request('GET', '/api/b', Ok),
      client.request('GET', '/api/c', Ok),
    ]);
    expect(gateway.calls.filter((call) => call.path === '/api/auth/refresh')).toHaveLength(1);
  });

  it('ends the session when the refresh is refused, and tells its listeners', async () => {
    const gateway = fakeGateway({ refreshes: [null], validToken: () => null });
    const client = createApiClient({ fetch: gateway.fetch, withRefreshLock: noLock });
    client.setAccessToken(token('stale'));
    let ended = 0;
    client.onSessionEnded(() => ended++);
    const failure = await client.request('GET', '/api/chats', Ok).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(ended).toBe(1);
    expect(client.hasAccessToken()).toBe(false);
  });

  it('answers a wrong password or code (401 INVALID_CREDENTIALS) as an error, keeping the session', async () => {
    const current = token('current');
    const calls: string[] = [];
    const fetch = (async (input: string | URL) => {
      calls.push(new URL(String(input), 'http://app.test').pathname);
      return json(401, {
        error: { code: 'INVALID_CREDENTIALS', message: 'Password is incorrect' },
        requestId: 'r',
      });
    }) as typeof globalThis.fetch;
    const client = createApiClient({ fetch, withRefreshLock: noLock });
    client.setAccessToken(current);
    let ended = 0;
    client.onSessionEnded(() => ended++);
    const failure = await client
      .request('POST', '/api/auth/2fa/totp/disable', Ok)
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    expect(calls).toEqual(['/api/auth/2fa/totp/disable']);
    expect(ended).toBe(0);
    expect(client.hasAccessToken()).toBe(true);
  });

  it('refreshes before calling when there is no token yet (a page load)', async () => {
    const fresh = token('fresh');
    const gateway = fakeGateway({ refreshes: [fresh], validToken: () => fresh });
    const client = createApiClient({ fetch: gateway.fetch, withRefreshLock: noLock });
    await client.request('GET', '/api/models', Ok);
    expect(gateway.calls.map((call) => call.path)).toEqual(['/api/auth/refresh', '/api/models']);
  });

  it('sends an upload as multipart (no JSON content type) and sends it again after a refresh', async () => {
    const fresh = token('fresh');
    const seen: Array<{ authorization: string | null; contentType: string | null; file: string | null }> = [];
    const fetch = async (input: string | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://app.test');
      if (url.pathname === '/api/auth/refresh') return json(200, { accessToken: fresh });
      // What a server reads: the request as it goes on the wire, boundary and all.
      const request = new Request(url, { method: init?.method, headers: init?.headers, body: init?.body });
      const form = await request.formData();
      const part = form.get('file');
      seen.push({
        authorization: request.headers.get('authorization'),
        contentType: request.headers.get('content-type'),
        file: part instanceof Blob ? await part.text() : null,
      });
      return request.headers.get('authorization') === `Bearer ${fresh}`
        ? json(201, { ok: true, path: url.pathname })
        : unauthenticated();
    };
    const client = createApiClient({ fetch: fetch as typeof globalThis.fetch, withRefreshLock: noLock });
    client.setAccessToken(token('stale'));
    const formData = new FormData();
    formData.append('file', new Blob(['hello'], { type: 'text/plain' }), 'hello.txt');
    await expect(client.request('POST', '/api/files', Ok, { formData })).resolves.toEqual({
      ok: true,
      path: '/api/files',
    });
    expect(seen).toHaveLength(2);
    for (const attempt of seen) {
      expect(attempt.contentType).toMatch(/^multipart\/form-data; boundary=/);
      expect(attempt.file).toBe('hello');
    }
    expect(seen[1]!.authorization).toBe(`Bearer ${fresh}`);
  });

  it('turns error envelopes and unexpected bodies into typed errors', async () => {
    const fetch = (async (input: string | URL) =>
      String(input).includes('quota')
        ? json(402, {
            error: {
              code: 'QUOTA_EXCEEDED',
              message: 'Quota used up',
              meta: { usedMicros: 1, limitMicros: 1 },
            },
            requestId: 'r',
          })
        : json(200, { unexpected: true })) as typeof globalThis.fetch;
    const client = createApiClient({ fetch, withRefreshLock: noLock });
    await expect(client.request('POST', '/api/quota', Ok, { authenticated: false })).rejects.toMatchObject({
      code: 'QUOTA_EXCEEDED',
      status: 402,
      meta: { usedMicros: 1, limitMicros: 1 },
    });
    await expect(client.request('GET', '/api/other', Ok, { authenticated: false })).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
    });
  });

  it('reports an unreachable server as NETWORK_ERROR', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    const client = createApiClient({ fetch, withRefreshLock: noLock });
    await expect(client.request('GET', '/api/x', Ok, { authenticated: false })).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
    });
  });
});

describe('fileNameOf', () => {
  it('prefers the UTF-8 form of Content-Disposition', () => {
    expect(fileNameOf(`attachment; filename="Caf_.md"; filename*=UTF-8''Caf%C3%A9.md`)).toBe('Café.md');
    expect(fileNameOf('attachment; filename="chat.json"')).toBe('chat.json');
    expect(fileNameOf(null)).toBeNull();
  });
});
