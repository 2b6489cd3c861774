import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  decryptSecret,
  onProviderSettingsChanged,
  providerSettingsChannel,
  type HostResolver,
} from '@vivier/providers';
import { startTestAdminService, type TestAdminService } from '../test-support';

const SECRET = 'sk-local-secret-0123456789abcdef';

/** Public-looking names pointed at this machine; only the first two are in EGRESS_ALLOWED_HOSTS. */
const resolveHost: HostResolver = async (hostname) => {
  if (['llm.example.test', 'redirect.example.test', 'evil.example.test'].includes(hostname))
    return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};

async function startHttp(answer: (url: string) => { status: number; headers?: Record<string, string> }) {
  const received: Array<{ method: string; url: string; headers: IncomingHttpHeaders }> = [];
  const server: Server = createServer((request, response) => {
    received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    const { status, headers } = answer(request.url ?? '');
    response.writeHead(status, headers).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let service: TestAdminService;
let token: string;
let adminId: string;
let endpoint: Awaited<ReturnType<typeof startHttp>>;
let redirector: Awaited<ReturnType<typeof startHttp>>;
let key: Buffer;

beforeAll(async () => {
  endpoint = await startHttp(() => ({ status: 200, headers: { 'content-type': 'application/json' } }));
  redirector = await startHttp(() => ({
    status: 302,
    headers: { location: `http://127.0.0.1:${endpoint.port}/v1` },
  }));
  service = await startTestAdminService({
    resolveHost,
    env: { EGRESS_ALLOWED_HOSTS: 'llm.example.test, redirect.example.test' },
  });
  const admin = await service.signedInAdmin();
  token = admin.token;
  adminId = admin.user.id;
  key = Buffer.from(service.env.PROVIDER_KEY_ENCRYPTION_KEY!, 'base64');
});
afterAll(async () => {
  await service.close();
  await endpoint.close();
  await redirector.close();
});
beforeEach(async () => {
  expect((await put({ providers: [], defaultModel: null })).statusCode).toBe(200);
});

const headers = () => ({ authorization: `Bearer ${token}` });
const put = (payload: object) =>
  service.app.inject({ method: 'PUT', url: '/api/admin/providers', payload, headers: headers() });
const get = () => service.app.inject({ method: 'GET', url: '/api/admin/providers', headers: headers() });
const localEndpoint = () => `http://llm.example.test:${endpoint.port}/v1`;
const auditFor = (targetId: string) =>
  service.db.auditLog.findMany({ where: { targetId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

async function addEndpoint(extra: object = {}) {
  const response = await put({
    providers: [
      { kind: 'openai-compatible', label: 'Local vLLM', baseUrl: localEndpoint(), apiKey: SECRET, ...extra },
    ],
    defaultModel: null,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().providers[0] as { id: string } & Record<string, unknown>;
}

describe('PUT /api/admin/providers: API keys', () => {
  it('encrypts the key at rest (AES-256-GCM box that decrypts back) and never returns it', async () => {
    const response = await put({
      providers: [
        {
          kind: 'openai-compatible',
          label: 'Local vLLM',
          baseUrl: localEndpoint(),
          apiKey: SECRET,
          modelOverrides: { llama3: { inputPerMTokMicros: 100_000 } },
        },
      ],
      defaultModel: null,
    });
    expect(response.statusCode).toBe(200);
    const [provider] = response.json().providers;
    expect(provider).toEqual({
      id: expect.stringMatching(/^prv_/),
      kind: 'openai-compatible',
      label: 'Local vLLM',
      baseUrl: localEndpoint(),
      hasApiKey: true,
      enabled: true,
      isDefault: false,
      modelOverrides: { llama3: { inputPerMTokMicros: 100_000 } },
      accessGroupIds: [],
      knownModels: [],
    });
    expect(response.body).not.toContain(SECRET);
    expect(response.body).not.toContain('apiKeyEncrypted');

    const row = await service.db.providerConfig.findUniqueOrThrow({ where: { id: provider.id } });
    expect(row.apiKeyEncrypted).not.toBe(SECRET);
    expect(row.apiKeyEncrypted).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
    expect(decryptSecret(row.apiKeyEncrypted!, key)).toBe(SECRET);

    const read = await get();
    expect(read.json().providers).toEqual([provider]);
    expect(read.body).not.toContain(SECRET);

    const [audit] = await auditFor(provider.id);
    expect(audit).toMatchObject({
      actorId: adminId,
      action: 'provider.create',
      targetType: 'provider',
      before: null,
      after: { hasApiKey: true, label: 'Local vLLM' },
    });
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    expect(JSON.stringify(audit)).not.toContain(row.apiKeyEncrypted);
    expect(service.logs.text()).not.toContain(SECRET);
    // The egress probe went to the endpoint itself, without credentials.
    expect(endpoint.received.at(-1)).toMatchObject({ method: 'GET', url: '/v1' });
    expect(endpoint.received.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('keeps the key when it is left out, replaces it when given, removes it on null', async () => {
    const { id } = await addEndpoint();
    const stored = async () =>
      (await service.db.providerConfig.findUniqueOrThrow({ where: { id } })).apiKeyEncrypted;
    const original = await stored();
    const same = { id, kind: 'openai-compatible', label: 'Local vLLM', baseUrl: localEndpoint() };

    expect((await put({ providers: [same], defaultModel: null })).json().providers[0].hasApiKey).toBe(true);
    expect(await stored()).toBe(original);
    expect(await auditFor(id)).toHaveLength(1); // nothing changed, nothing audited

    await put({ providers: [{ ...same, apiKey: 'sk-rotated' }], defaultModel: null });
    const rotated = await stored();
    expect(rotated).not.toBe(original);
    expect(decryptSecret(rotated!, key)).toBe('sk-rotated');

    const removed = await put({ providers: [{ ...same, apiKey: null }], defaultModel: null });
    expect(removed.json().providers[0].hasApiKey).toBe(false);
    expect(await stored()).toBeNull();

    const rows = await auditFor(id);
    expect(
      rows.map((row) => [row.action, (row.before as { hasApiKey?: boolean } | null)?.hasApiKey, row.after]),
    ).toEqual([
      ['provider.create', undefined, expect.objectContaining({ hasApiKey: true })],
      ['provider.update', true, expect.objectContaining({ hasApiKey: true, apiKeyChanged: true })],
      ['provider.update', true, expect.objectContaining({ hasApiKey: false, apiKeyChanged: true })],
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/sk-rotated|v1:/);
  });

  it('will not send a stored key to a new base URL unless the key is entered again', async () => {
    const { id } = await addEndpoint();
    const moved = {
      id,
      kind: 'openai-compatible',
      label: 'Local vLLM',
      baseUrl: `http://llm.example.test:${endpoint.port}/other/v1`,
    };
    const refused = await put({ providers: [moved], defaultModel: null });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toEqual([
      { path: 'providers.0.apiKey', message: expect.stringMatching(/re-enter the API key/) },
    ]);
    expect((await put({ providers: [{ ...moved, apiKey: SECRET }], defaultModel: null })).statusCode).toBe(
      200,
    );
  });
});

describe('PUT /api/admin/providers: models and the default', () => {
  it('saves model overrides and the default model, and audits the change of default', async () => {
    const created = await put({
      providers: [{ kind: 'openai', label: 'OpenAI', apiKey: 'sk-openai' }],
      defaultModel: null,
    });
    const { id } = created.json().providers[0];
    expect(created.json().providers[0].knownModels).toContainEqual(
      expect.objectContaining({ id: 'gpt-5.4', pricing: expect.any(Object) }),
    );

    const overrides = {
      o3: { enabled: false },
      'gpt-5.4': { inputPerMTokMicros: 2_000_000, outputPerMTokMicros: 9_000_000 },
    };
    const saved = await put({
      providers: [{ id, kind: 'openai', label: 'OpenAI', modelOverrides: overrides }],
      defaultModel: { provider: id, model: 'gpt-5.4' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().defaultModel).toEqual({ provider: id, model: 'gpt-5.4' });
    expect(saved.json().providers[0]).toMatchObject({
      id,
      isDefault: true,
      hasApiKey: true,
      modelOverrides: overrides,
    });
    expect((await get()).json().defaultModel).toEqual({ provider: id, model: 'gpt-5.4' });

    const row = await service.db.providerConfig.findUniqueOrThrow({ where: { id } });
    expect(row.modelOverrides).toEqual({
      ...overrides,
      'gpt-5.4': { ...overrides['gpt-5.4'], isDefault: true },
    });
    const [change] = (await auditFor('default-model')).slice(-1);
    expect(change).toMatchObject({
      action: 'provider.default-model.change',
      targetType: 'settings',
      before: null,
      after: { provider: id, model: 'gpt-5.4' },
    });

    const cleared = await put({
      providers: [{ id, kind: 'openai', label: 'OpenAI', modelOverrides: overrides }],
      defaultModel: null,
    });
    expect(cleared.json()).toMatchObject({
      defaultModel: null,
      providers: [{ isDefault: false, modelOverrides: overrides }],
    });
  });

  it('refuses a default on a disabled model, a disabled provider or a provider not saved yet', async () => {
    const { id } = (
      await put({ providers: [{ kind: 'anthropic', label: 'Claude' }], defaultModel: null })
    ).json().providers[0];
    const cases: Array<[object, string]> = [
      [
        {
          providers: [
            {
              id,
              kind: 'anthropic',
              label: 'Claude',
              modelOverrides: { 'claude-opus-4-6': { enabled: false } },
            },
          ],
          defaultModel: { provider: id, model: 'claude-opus-4-6' },
        },
        'defaultModel.model',
      ],
      [
        {
          providers: [{ id, kind: 'anthropic', label: 'Claude', enabled: false }],
          defaultModel: { provider: id, model: 'claude-haiku-4-5' },
        },
        'defaultModel.provider',
      ],
      [
        {
          providers: [{ id, kind: 'anthropic', label: 'Claude' }],
          defaultModel: { provider: 'prv_not_saved', model: 'claude-haiku-4-5' },
        },
        'defaultModel.provider',
      ],
    ];
    for (const [payload, path] of cases) {
      const response = await put(payload);
      expect(response.statusCode, path).toBe(400);
      expect(response.json().error.details.map((detail: { path: string }) => detail.path)).toEqual([path]);
    }
  });

  it('removes providers left out of the list, audited with what was removed', async () => {
    const { id } = await addEndpoint();
    expect((await put({ providers: [], defaultModel: null })).json().providers).toEqual([]);
    expect(await service.db.providerConfig.findUnique({ where: { id } })).toBeNull();
    const [, removed] = await auditFor(id);
    expect(removed).toMatchObject({
      action: 'provider.delete',
      after: null,
      before: { id, hasApiKey: true, baseUrl: localEndpoint() },
    });
  });

  it('refuses malformed settings with 400 and field paths', async () => {
    const cases: Array<[object, string]> = [
      [
        { providers: [{ id: 'prv_unknown', kind: 'openai', label: 'x' }], defaultModel: null },
        'providers.0.id',
      ],
      [{ providers: [{ kind: 'openai-compatible', label: 'x' }], defaultModel: null }, 'providers.0.baseUrl'],
      [
        {
          providers: [
            { kind: 'openai-compatible', label: 'x', baseUrl: 'http://user:pass@llm.example.test/v1' },
          ],
          defaultModel: null,
        },
        'providers.0.baseUrl',
      ],
      [
        {
          providers: [{ kind: 'openai-compatible', label: 'x', baseUrl: 'ftp://llm.example.test/v1' }],
          defaultModel: null,
        },
        'providers.0.baseUrl',
      ],
      [{ providers: [{ kind: 'openai', label: '   ' }], defaultModel: null }, 'providers.0.label'],
      [{ providers: [{ kind: 'openai', label: 'x', apiKey: '' }], defaultModel: null }, 'providers.0.apiKey'],
      [
        {
          providers: [{ kind: 'openai', label: 'x', modelOverrides: { m: { inputPerMTokMicros: -1 } } }],
          defaultModel: null,
        },
        'providers.0.modelOverrides.m.inputPerMTokMicros',
      ],
      [{ providers: [{ kind: 'mystery', label: 'x' }], defaultModel: null }, 'providers.0.kind'],
      [{ providers: [] }, 'defaultModel'],
    ];
    for (const [payload, path] of cases) {
      const response = await put(payload);
      expect(response.statusCode, path).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(
        response.json().error.details.map((detail: { path: string }) => detail.path),
        JSON.stringify(payload),
      ).toContain(path);
    }
  });
});

describe('PUT /api/admin/providers: the egress guard (SSRF)', () => {
  it.each([
    'http://127.0.0.1',
    'http://127.0.0.1:11434/v1',
    'http://169.254.169.254/latest/meta-data',
    'http://[::ffff:7f00:1]',
    'http://[::ffff:127.0.0.1]/v1',
    'http://2130706433',
    'http://0x7f.1',
    'http://localhost:8000/v1',
    'http://[::1]/v1',
    'http://10.0.0.8/v1',
    'http://192.168.1.20:8080/v1',
    'http://evil.example.test/v1',
  ])('refuses %s with 400 and says how to allow it', async (baseUrl) => {
    const label = `ssrf ${baseUrl}`;
    const response = await put({
      providers: [{ kind: 'openai-compatible', label, baseUrl, apiKey: SECRET }],
      defaultModel: null,
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([
      {
        path: 'providers.0.baseUrl',
        message: expect.stringMatching(/^Refused to connect to .*EGRESS_ALLOW_PRIVATE/),
      },
    ]);
    expect(await service.db.providerConfig.count({ where: { label } })).toBe(0);
  });

  it('refuses a public-looking URL that redirects to 127.0.0.1, even with its host allowed', async () => {
    const before = endpoint.received.length;
    const response = await put({
      providers: [
        {
          kind: 'openai-compatible',
          label: 'redirecting',
          baseUrl: `http://redirect.example.test:${redirector.port}/v1`,
        },
      ],
      defaultModel: null,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0]).toEqual({
      path: 'providers.0.baseUrl',
      message: expect.stringContaining('127.0.0.1 (loopback)'),
    });
    expect(redirector.received.at(-1)).toMatchObject({ method: 'GET', url: '/v1' });
    expect(endpoint.received.length).toBe(before);
  });

  it('accepts an allowed host', async () => {
    const response = await put({
      providers: [{ kind: 'openai-compatible', label: 'allowed', baseUrl: localEndpoint() }],
      defaultModel: null,
    });
    expect(response.statusCode).toBe(200);
  });

  it('with EGRESS_ALLOW_PRIVATE=true accepts a private endpoint but still refuses cloud metadata', async () => {
    const open = await startTestAdminService({ env: { EGRESS_ALLOW_PRIVATE: 'true' } });
    try {
      const { token: openToken } = await open.signedInAdmin();
      const putOpen = (baseUrl: string) =>
        open.app.inject({
          method: 'PUT',
          url: '/api/admin/providers',
          payload: {
            providers: [{ kind: 'openai-compatible', label: 'Ollama', baseUrl }],
            defaultModel: null,
          },
          headers: { authorization: `Bearer ${openToken}` },
        });
      expect((await putOpen(`http://127.0.0.1:${endpoint.port}/v1`)).statusCode).toBe(200);
      expect((await putOpen('http://169.254.169.254/v1')).statusCode).toBe(400);
      expect((await putOpen('http://[::ffff:a9fe:a9fe]/v1')).statusCode).toBe(400);
    } finally {
      await open.close();
    }
  });
});

describe('PUT /api/admin/providers: other services hear about it', () => {
  it('announces every saved change on Redis, so chat-service and provider-worker drop their cached settings', async () => {
    const subscriber = service.deps.redis.duplicate();
    let notices = 0;
    try {
      await onProviderSettingsChanged(subscriber, service.env.REDIS_PREFIX, () => {
        notices += 1;
      });
      await addEndpoint();
      await expect.poll(() => notices, { timeout: 5_000 }).toBe(1);
      // A refused change saves nothing and announces nothing.
      const refused = await put({
        providers: [{ kind: 'openai-compatible', label: 'x', baseUrl: 'http://169.254.169.254/v1' }],
        defaultModel: null,
      });
      expect(refused.statusCode).toBe(400);
      // A marker sent on the same connection after the refusal: once it arrives, any notice the
      // refused change had sent would have arrived before it (Redis delivers in order).
      const heard: string[] = [];
      subscriber.on('message', (_channel: string, message: string) => heard.push(message));
      await service.deps.redis.publish(providerSettingsChannel(service.env.REDIS_PREFIX), 'marker');
      await expect.poll(() => heard.includes('marker'), { timeout: 5_000 }).toBe(true);
      expect(notices).toBe(2);
    } finally {
      subscriber.disconnect();
    }
  });
});
