import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_TOKEN_HEADER } from './internal-auth';
import { createInternalClient, InternalCallError } from './internal-client';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let baseUrl: string;
const seen: Seen[] = [];
/** Requests held without an answer (the timeout case); answered on close. */
const held: Array<() => void> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body });
      if (request.url === '/internal/slow') {
        held.push(() => response.end());
        return;
      }
      if (request.url === '/internal/text') {
        response.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
        return;
      }
      response.writeHead(request.url === '/internal/missing' ? 404 : 200, {
        'content-type': 'application/json',
      });
      response.end(JSON.stringify({ echoed: body ? (JSON.parse(body) as unknown) : null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  for (const answer of held) answer();
  await new Promise((resolve) => server.close(resolve));
});

describe('createInternalClient', () => {
  it('sends the service token, the request id and a JSON body, and reads the JSON answer', async () => {
    const call = createInternalClient({ service: 'billing-service', baseUrl, internalToken: 'secret-token' });
    const answer = await call({ method: 'POST', path: '/internal/echo', requestId: 'req_1', body: { a: 1 } });
    expect(answer).toEqual({ status: 200, ok: true, body: { echoed: { a: 1 } } });
    const request = seen.at(-1);
    expect(request?.url).toBe('/internal/echo');
    expect(request?.method).toBe('POST');
    expect(request?.headers[INTERNAL_TOKEN_HEADER]).toBe('secret-token');
    expect(request?.headers['x-request-id']).toBe('req_1');
    expect(request?.headers['content-type']).toBe('application/json');
  });

  it('hands a refusal back as an answer, and a body that is not JSON as undefined', async () => {
    const call = createInternalClient({
      service: 'auth-service',
      baseUrl: () => baseUrl,
      internalToken: 't',
    });
    expect(await call({ path: '/internal/missing' })).toMatchObject({ status: 404, ok: false });
    expect(await call({ path: '/internal/text' })).toEqual({ status: 502, ok: false, body: undefined });
    expect(seen.at(-1)?.headers['content-type']).toBeUndefined();
  });

  it('gives up on a service that does not answer in time', async () => {
    const call = createInternalClient({
      service: 'billing-service',
      baseUrl,
      internalToken: 't',
      timeoutMs: 50,
    });
    const failure = call({ path: '/internal/slow' });
    await expect(failure).rejects.toBeInstanceOf(InternalCallError);
    await expect(failure).rejects.toThrow('billing-service no answer in 50 ms (GET /internal/slow)');
  });

  it('says which service could not be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const call = createInternalClient({
      service: 'auth-service',
      baseUrl: `http://127.0.0.1:${port}`,
      internalToken: 't',
    });
    await expect(call({ path: '/internal/users' })).rejects.toThrow(
      'auth-service unreachable (GET /internal/users)',
    );
  });
});
