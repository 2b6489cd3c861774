import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_MODEL_ID } from './catalogue';
import { createAnthropicProvider } from './anthropic-provider';
import { classifyAddress } from './address-class';
import { egressEnv, egressPolicyFromEnv } from './egress-env';
import { assertPublicUrl, EgressRefusedError, type EgressPolicy, type HostResolver } from './egress-policy';
import { directFetch, guardedFetch, streamedBodyOf } from './guarded-fetch';
import { createOpenAICompatibleProvider } from './openai-compatible-provider';
import { describeProviderContract } from './testing/provider-contract';
import { z } from 'zod';

/** A resolver that knows only the names a test gives it (no real DNS in these tests). */
function fakeDns(table: Record<string, string[]>): HostResolver {
  return async (hostname) => {
    const addresses = table[hostname];
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

async function expectRefused(promise: Promise<unknown>, reason?: RegExp) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'expected a refusal').toBeInstanceOf(EgressRefusedError);
  if (reason) expect((error as EgressRefusedError).reason).toMatch(reason);
}

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.1.1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.128.0.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['8.8.8.8', 'public'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'cloud metadata'],
    ['::ffff:808:808', 'public'],
    ['::7f00:1', 'loopback'],
    ['::808:808', 'reserved'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::808:808', 'public'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['2001:db8::1', 'documentation'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001::200e', 'public'],
    ['4000::1', 'reserved'],
  ])('%s is %s', (address, category) => {
    expect(classifyAddress(address).category).toBe(category);
  });

  it('describes embedded IPv4 so the refusal says what the address really is', () => {
    expect(classifyAddress('::ffff:7f00:1').description).toBe(
      '::ffff:7f00:1 (IPv4-mapped 127.0.0.1, loopback)',
    );
  });
});

describe('assertPublicUrl', () => {
  const resolve = fakeDns({
    'api.example.com': ['93.184.216.34', '2606:2800:220:1::1'],
    'internal.example.com': ['10.0.0.5'],
    'mixed.example.com': ['93.184.216.34', '127.0.0.1'],
    'rebind.example.com': ['::ffff:169.254.169.254'],
    localhost: ['127.0.0.1', '::1'],
    'llm.corp.test': ['10.0.0.7'],
    'gpu.lab.corp.test': ['10.0.0.8'],
  });
  const policy: EgressPolicy = { resolve };

  it.each([
    ['http://127.0.0.1', /127\.0\.0\.1 \(loopback\)/],
    ['http://127.0.0.1:11434/v1', /loopback/],
    ['http://169.254.169.254/latest/meta-data', /cloud metadata/],
    ['http://[::ffff:7f00:1]', /IPv4-mapped 127\.0\.0\.1/],
    ['http://[::ffff:127.0.0.1]', /IPv4-mapped 127\.0\.0\.1/],
    ['http://[::ffff:a9fe:a9fe]', /cloud metadata/],
    ['http://2130706433', /127\.0\.0\.1/],
    ['http://0x7f.1', /127\.0\.0\.1/],
    ['http://0177.0.0.1', /127\.0\.0\.1/],
    ['http://0x7f000001', /127\.0\.0\.1/],
    ['http://127.1', /127\.0\.0\.1/],
    ['http://localhost:8080', /localhost/],
    ['http://LOCALHOST./v1', /localhost/],
    ['http://ollama.localhost', /loopback/],
    ['http://[::1]:11434', /loopback/],
    ['http://[::]', /unspecified/],
    ['http://0.0.0.0', /unspecified/],
    ['http://[fe80::1]', /link-local/],
    ['http://[fd00::1]', /unique-local/],
    ['http://10.0.0.1', /private/],
    ['http://172.16.5.4', /private/],
    ['http://192.168.0.10', /private/],
    ['http://100.64.1.1', /carrier-grade NAT/],
    ['http://224.0.0.1', /multicast/],
    ['http://[64:ff9b::a9fe:a9fe]', /NAT64 169\.254\.169\.254/],
    ['http://internal.example.com/v1', /internal\.example\.com resolves to 10\.0\.0\.5/],
    ['http://mixed.example.com', /127\.0\.0\.1/],
    ['http://rebind.example.com', /cloud metadata/],
    ['http://nowhere.example.com', /does not resolve/],
    ['ftp://api.example.com', /only http/],
    ['file:///etc/passwd', /only http/],
    ['gopher://api.example.com', /only http/],
    ['not a url', /not a valid URL/],
  ])('refuses %s', async (url, reason) => {
    await expectRefused(assertPublicUrl(url, policy), reason);
  });

  it('passes public hosts and public literals', async () => {
    expect((await assertPublicUrl('https://api.example.com/v1', policy)).hostname).toBe('api.example.com');
    await assertPublicUrl('http://8.8.8.8:8080', policy);
    await assertPublicUrl('https://[2606:4700:4700::1111]/v1', policy);
  });

  it('EGRESS_ALLOW_PRIVATE opens private ranges but never cloud metadata, unspecified or multicast', async () => {
    const open: EgressPolicy = { resolve, allowPrivate: true };
    for (const url of [
      'http://127.0.0.1:11434',
      'http://localhost',
      'http://[::1]',
      'http://10.0.0.1',
      'http://internal.example.com',
      'http://[fd00::1]',
    ]) {
      await assertPublicUrl(url, open);
    }
    for (const url of [
      'http://169.254.169.254',
      'http://[::ffff:a9fe:a9fe]',
      'http://rebind.example.com',
      'http://0.0.0.0',
      'http://224.0.0.1',
    ]) {
      await expectRefused(assertPublicUrl(url, open));
    }
  });

  it('EGRESS_ALLOWED_HOSTS allows exactly the listed hosts (and *.suffix), whatever they resolve to', async () => {
    const allowed: EgressPolicy = {
      resolve,
      allowedHosts: ['llm.corp.test', '*.lab.corp.test', '[::1]', '2130706433'],
    };
    await assertPublicUrl('http://llm.corp.test:8000/v1', allowed);
    await assertPublicUrl('http://LLM.corp.test./v1', allowed);
    await assertPublicUrl('http://gpu.lab.corp.test', allowed);
    await assertPublicUrl('http://[::1]:11434', allowed);
    await assertPublicUrl('http://127.0.0.1', allowed);
    await expectRefused(assertPublicUrl('http://internal.example.com', allowed));
    await expectRefused(assertPublicUrl('http://127.0.0.2', allowed));
    await expectRefused(assertPublicUrl('http://lab.corp.test.evil.example', allowed));
  });

  it('reads its policy from env', () => {
    const env = z
      .object(egressEnv)
      .parse({ EGRESS_ALLOW_PRIVATE: 'true', EGRESS_ALLOWED_HOSTS: 'a.test, b.test,,' });
    expect(egressPolicyFromEnv(env)).toEqual({ allowPrivate: true, allowedHosts: ['a.test', 'b.test'] });
    expect(egressPolicyFromEnv(z.object(egressEnv).parse({}))).toEqual({
      allowPrivate: false,
      allowedHosts: [],
    });
  });
});

/** A local HTTP server answering with `handler`, recording what it received. */
async function startServer(
  handler: (request: IncomingMessage, response: ServerResponse, body: string) => void,
) {
  const received: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> =
    [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      handler(request, response, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('guardedFetch', () => {
  let target: Awaited<ReturnType<typeof startServer>>;
  let redirector: Awaited<ReturnType<typeof startServer>>;
  let policy: EgressPolicy;

  beforeAll(async () => {
    target = await startServer((request, response, body) => {
      if (request.url === '/gzip') {
        response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
        return response.end(gzipSync('decoded text'));
      }
      if (request.url === '/slow') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('first ');
        return; // never ends: the client aborts
      }
      response.writeHead(200, { 'content-type': 'application/json', 'x-multi': 'a' });
      response.end(
        JSON.stringify({
          method: request.method,
          url: request.url,
          body,
          authorization: request.headers.authorization ?? null,
        }),
      );
    });
    redirector = await startServer((request, response) => {
      const match = /^\/to\?(.*)$/.exec(request.url ?? '');
      if (match?.[1]) {
        response.writeHead(request.method === 'POST' ? 303 : 302, { location: decodeURIComponent(match[1]) });
        return response.end();
      }
      if (request.url === '/loop') {
        response.writeHead(302, { location: '/loop' });
        return response.end();
      }
      response.writeHead(404).end();
    });
    policy = {
      // Public-looking names that the fake DNS points at the local servers; only these two are allowed.
      resolve: fakeDns({
        'redirector.test': ['127.0.0.1'],
        'target.test': ['127.0.0.1'],
        'evil.test': ['127.0.0.1'],
      }),
      allowedHosts: ['redirector.test', 'target.test'],
    };
  });
  afterAll(async () => {
    await target.close();
    await redirector.close();
  });

  const redirectTo = (location: string) =>
    `http://redirector.test:${redirector.port}/to?${encodeURIComponent(location)}`;

  it('makes ordinary requests to allowed hosts, with method, headers and body', async () => {
    const response = await guardedFetch(policy)(`http://target.test:${target.port}/echo?x=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-multi')).toBe('a');
    expect(response.url).toBe(`http://target.test:${target.port}/echo?x=1`);
    expect(await response.json()).toEqual({
      method: 'POST',
      url: '/echo?x=1',
      body: '{"hello":"world"}',
      authorization: 'Bearer k',
    });
  });

  it('decodes gzip like fetch does', async () => {
    const response = await guardedFetch(policy)(`http://target.test:${target.port}/gzip`);
    expect(await response.text()).toBe('decoded text');
    expect(response.headers.get('content-encoding')).toBeNull();
  });

  it('refuses literal private addresses before connecting', async () => {
    const before = target.received.length;
    for (const url of [
      `http://127.0.0.1:${target.port}/`,
      `http://[::ffff:7f00:1]:${target.port}/`,
      `http://2130706433:${target.port}/`,
    ]) {
      await expectRefused(guardedFetch({})(url));
    }
    await expectRefused(
      guardedFetch({ resolve: policy.resolve })(`http://evil.test:${target.port}/`),
      /evil\.test resolves to 127\.0\.0\.1/,
    );
    expect(target.received.length).toBe(before);
  });

  it('follows a redirect to an allowed host, dropping credentials when the origin changes', async () => {
    const response = await guardedFetch(policy)(redirectTo(`http://target.test:${target.port}/landed`), {
      headers: { authorization: 'Bearer secret', 'x-api-key': 'secret' },
    });
    expect(response.status).toBe(200);
    expect(response.redirected).toBe(true);
    expect(await response.json()).toMatchObject({ method: 'GET', url: '/landed', authorization: null });
    expect(target.received.at(-1)?.headers['x-api-key']).toBeUndefined();
  });

  it('turns a POST answered with 303 into a GET without the body', async () => {
    const response = await guardedFetch(policy)(redirectTo(`http://target.test:${target.port}/after-post`), {
      method: 'POST',
      body: 'payload',
    });
    expect(await response.json()).toMatchObject({ method: 'GET', url: '/after-post', body: '' });
  });

  it('refuses a redirect to 127.0.0.1 even when the first hop is an allowed host', async () => {
    const before = target.received.length;
    for (const location of [
      `http://127.0.0.1:${target.port}/pwned`,
      `http://[::ffff:127.0.0.1]:${target.port}/pwned`,
      `http://169.254.169.254/latest/meta-data/`,
      `http://evil.test:${target.port}/pwned`,
      `file:///etc/passwd`,
    ]) {
      await expectRefused(guardedFetch(policy)(redirectTo(location)));
    }
    expect(target.received.length).toBe(before);
    expect(redirector.received.length).toBeGreaterThanOrEqual(5);
  });

  it('stops after 3 redirects', async () => {
    await expectRefused(
      guardedFetch(policy)(`http://redirector.test:${redirector.port}/loop`),
      /more than 3 redirects/,
    );
  });

  it('honours redirect: "manual"', async () => {
    const response = await guardedFetch(policy)(redirectTo('http://127.0.0.1/'), { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://127.0.0.1/');
  });

  it('rejects with the abort reason, before and during the body', async () => {
    const aborted = new AbortController();
    aborted.abort(new Error('stopped early'));
    await expect(
      guardedFetch(policy)(`http://target.test:${target.port}/`, { signal: aborted.signal }),
    ).rejects.toThrow('stopped early');

    const controller = new AbortController();
    const response = await guardedFetch(policy)(`http://target.test:${target.port}/slow`, {
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first ');
    controller.abort(new Error('user cancelled'));
    await expect(reader.read()).rejects.toThrow('user cancelled');
  });

  it('reports a connection failure like fetch (TypeError "fetch failed" with the cause)', async () => {
    const closed = await startServer(() => {});
    await closed.close();
    const error = await guardedFetch({ allowedHosts: ['127.0.0.1'] })(
      `http://127.0.0.1:${closed.port}/`,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect(((error as TypeError).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });
});

describe('directFetch (providers configured in the environment)', () => {
  let target: Awaited<ReturnType<typeof startServer>>;
  let redirector: Awaited<ReturnType<typeof startServer>>;
  let release: () => void = () => {};
  let raw: NetServer;
  let rawPort = 0;

  beforeAll(async () => {
    target = await startServer((request, response, body) => {
      if (request.url === '/two-parts') {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: first\n\n');
        // The second part only once the test has looked at the response.
        let isReleased = false;
        release = () => {
          if (isReleased) return;
          isReleased = true;
          response.end('data: second\n\n');
        };
        return;
      }
      if (request.url === '/gzip-stalls') {
        response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
        response.write(gzipSync('decoded text').subarray(0, 10));
        return; // stalls mid-body
      }
      if (request.url === '/slow') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('first ');
        return; // never ends: the client aborts
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          method: request.method,
          body,
          authorization: request.headers.authorization ?? null,
        }),
      );
    });
    redirector = await startServer((request, response) => {
      if (request.url === '/loop') {
        response.writeHead(302, { location: '/loop' });
        return response.end();
      }
      response.writeHead(307, { location: `http://localhost:${target.port}/echo` });
      response.end();
    });
    // A server whose status line fetch cannot represent.
    raw = createNetServer((socket) =>
      socket.once('data', () => socket.end('HTTP/1.1 600 Odd\r\ncontent-length: 0\r\n\r\n')),
    );
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    rawPort = (raw.address() as AddressInfo).port;
  });
  afterAll(async () => {
    release();
    await target.close();
    await redirector.close();
    await new Promise<void>((resolve) => raw.close(() => resolve()));
  });

  it('reaches the address the operator configured, a private one included', async () => {
    const response = await directFetch()(`http://127.0.0.1:${target.port}/echo`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: '{"hello":"world"}',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      method: 'POST',
      body: '{"hello":"world"}',
      authorization: 'Bearer k',
    });
  });

  it('hands a streamed body over as its Node stream, untouched by a look at response.body', async () => {
    const response = await directFetch()(`http://127.0.0.1:${target.port}/two-parts`);
    // The SDK evaluates `response.body` (for a debug line) before the adapter reads the stream.
    expect(response.body).not.toBeNull();
    const stream = streamedBodyOf(response)!;
    expect(stream).toBeDefined();
    // Nothing reads it yet: a web stream started on it would take (and queue) every piece as well.
    expect(stream.readableFlowing).toBeNull();
    expect(stream.listenerCount('readable') + stream.listenerCount('data')).toBe(0);
    let text = '';
    for await (const piece of stream) {
      text += String(piece);
      release();
    }
    expect(text).toBe('data: first\n\ndata: second\n\n');
    // A response of another fetch has no Node stream behind it.
    expect(streamedBodyOf(new Response('x'))).toBeUndefined();
  });

  it('drops the credentials on a redirect to another origin, and keeps the method of a 307', async () => {
    const response = await directFetch()(`http://127.0.0.1:${redirector.port}/`, {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
      body: 'payload',
    });
    expect(response.redirected).toBe(true);
    expect(await response.json()).toEqual({ method: 'POST', body: 'payload', authorization: null });
  });

  it('ends the Node stream with the abort reason when the request is aborted mid-body', async () => {
    const controller = new AbortController();
    const response = await directFetch()(`http://127.0.0.1:${target.port}/slow`, {
      signal: controller.signal,
    });
    const pieces = streamedBodyOf(response)![Symbol.asyncIterator]();
    expect(String((await pieces.next()).value)).toBe('first ');
    controller.abort(new Error('user cancelled'));
    await expect(pieces.next()).rejects.toThrow('user cancelled');
  });

  it('keeps an abort of a compressed body that nobody has read yet for its reader', async () => {
    const controller = new AbortController();
    const response = await directFetch()(`http://127.0.0.1:${target.port}/gzip-stalls`, {
      signal: controller.signal,
    });
    const stream = streamedBodyOf(response)!;
    const closed = new Promise((resolve) => stream.once('close', resolve));
    // Aborted before any read: an unhandled 'error' here would end the process (and this run).
    controller.abort(new Error('user cancelled'));
    await closed;
    await expect(response.text()).rejects.toThrow('user cancelled');
  });

  it('fails like fetch on a status fetch cannot represent, and on too many redirects', async () => {
    const odd = await directFetch()(`http://127.0.0.1:${rawPort}/`).catch((error: unknown) => error);
    expect(odd).toBeInstanceOf(TypeError);
    expect((odd as TypeError).message).toBe('fetch failed');

    const looping = await directFetch()(`http://127.0.0.1:${redirector.port}/loop`).catch(
      (error: unknown) => error,
    );
    expect(looping).toBeInstanceOf(TypeError);
    expect(looping).not.toBeInstanceOf(EgressRefusedError);
    expect(String((looping as TypeError).cause)).toContain('more than 20 redirects');
  });

  it('gives up on a body that goes silent', async () => {
    const response = await directFetch({ idleTimeoutMs: 200 })(`http://127.0.0.1:${target.port}/slow`);
    const pieces = streamedBodyOf(response)![Symbol.asyncIterator]();
    expect(String((await pieces.next()).value)).toBe('first ');
    const silent = await pieces.next().catch((error: unknown) => error);
    expect((silent as { code?: string }).code).toBe('ETIMEDOUT');
  });
});

// The providers' real SDKs stream through guardedFetch exactly as through fetch.
const localOnly = guardedFetch({ allowedHosts: ['127.0.0.1'] });
describeProviderContract('openai-compatible through guardedFetch', {
  model: FAKE_MODEL_ID,
  create: (fake, options) =>
    createOpenAICompatibleProvider({
      baseUrl: fake.openaiBaseUrl,
      apiKey: 'local-key',
      ...options,
      fetch: localOnly,
    }),
});
describeProviderContract('anthropic through guardedFetch', {
  model: 'claude-haiku-4-5',
  create: (fake, options) =>
    createAnthropicProvider({ baseUrl: fake.url, apiKey: 'local-key', ...options, fetch: localOnly }),
});
