import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { API_KEYS_PER_USER } from '@vivier/contracts';
import { uniqueEmail } from '@vivier/testkit';
import { startTestAuthService } from '../test-support';

type TestService = Awaited<ReturnType<typeof startTestAuthService>>;
let service: TestService;
const INTERNAL = { 'x-internal-token': 'test-internal-token-0123456789' };

beforeAll(async () => {
  service = await startTestAuthService();
});
afterAll(async () => {
  await service.close();
});

async function register() {
  const response = await service.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { email: uniqueEmail('keys'), password: 'Correct-Horse-9-Battery' },
  });
  expect(response.statusCode).toBe(201);
  const { user, accessToken } = response.json<{ user: { id: string }; accessToken: string }>();
  return { userId: user.id, headers: { authorization: `Bearer ${accessToken}` } };
}
type Owner = Awaited<ReturnType<typeof register>>;

const createKey = (owner: Owner, name = 'my script') =>
  service.app.inject({ method: 'POST', url: '/api/keys', payload: { name }, headers: owner.headers });
const listKeys = (owner: Owner) =>
  service.app.inject({ method: 'GET', url: '/api/keys', headers: owner.headers });
const resolve = (secret: string, headers: Record<string, string> = INTERNAL) =>
  service.app.inject({ method: 'POST', url: '/internal/api-keys/resolve', payload: { secret }, headers });

describe('personal API keys', () => {
  it('creates a key whose secret is shown once, stored only as its SHA-256, and lists it by prefix', async () => {
    const owner = await register();
    const created = await createKey(owner, 'editor');
    expect(created.statusCode).toBe(201);
    const { key, secret } = created.json<{ key: Record<string, unknown>; secret: string }>();
    expect(secret).toMatch(/^vv-[A-Za-z0-9_-]{43}$/);
    expect(key).toEqual({
      id: expect.stringMatching(/^key_/),
      name: 'editor',
      prefix: secret.slice(0, 11),
      createdAt: expect.any(String),
      lastUsedAt: null,
    });
    const row = await service.deps.db.apiKey.findUniqueOrThrow({ where: { id: key.id as string } });
    expect(row.secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);

    const list = await listKeys(owner);
    expect(list.json()).toEqual({ items: [key] });
    expect(list.body).not.toContain(secret);
  });

  it('refuses a blank or missing name and callers without a token', async () => {
    const owner = await register();
    for (const payload of [{}, { name: '   ' }, { name: 'x'.repeat(101) }]) {
      const response = await service.app.inject({
        method: 'POST',
        url: '/api/keys',
        payload,
        headers: owner.headers,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details[0].path).toBe('name');
    }
    expect((await service.app.inject({ method: 'GET', url: '/api/keys' })).statusCode).toBe(401);
  });

  it('holds at most API_KEYS_PER_USER keys per user', async () => {
    const owner = await register();
    for (let index = 0; index < API_KEYS_PER_USER; index++)
      expect((await createKey(owner)).statusCode).toBe(201);
    const over = await createKey(owner);
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('CONFLICT');
  });

  it('deletes only the caller’s own keys: another user’s key id answers 404 and keeps working', async () => {
    const owner = await register();
    const stranger = await register();
    const { key, secret } = (await createKey(owner)).json<{ key: { id: string }; secret: string }>();
    const byStranger = await service.app.inject({
      method: 'DELETE',
      url: `/api/keys/${key.id}`,
      headers: stranger.headers,
    });
    expect(byStranger.statusCode).toBe(404);
    expect((await listKeys(stranger)).json().items).toEqual([]);
    expect((await resolve(secret)).statusCode).toBe(200);

    const malformed = await service.app.inject({
      method: 'DELETE',
      url: '/api/keys/nope',
      headers: owner.headers,
    });
    expect(malformed.statusCode).toBe(404);
    const deleted = await service.app.inject({
      method: 'DELETE',
      url: `/api/keys/${key.id}`,
      headers: owner.headers,
    });
    expect(deleted.statusCode).toBe(204);
    expect((await resolve(secret)).statusCode).toBe(401);
  });
});

describe('resolving a key (gateway → auth-service)', () => {
  it('answers the owner and an access token for them, and records the use at most once a minute', async () => {
    const owner = await register();
    const { key, secret } = (await createKey(owner)).json<{ key: { id: string }; secret: string }>();
    const resolved = await resolve(secret);
    expect(resolved.statusCode).toBe(200);
    const body = resolved.json<{ userId: string; keyId: string; accessToken: string }>();
    expect(body).toMatchObject({ userId: owner.userId, keyId: key.id });
    const caller = await service.app.tokenVerifier.verify(body.accessToken);
    expect(caller).toMatchObject({ id: owner.userId, role: 'USER', sessionId: key.id });

    const firstUse = (await listKeys(owner)).json().items[0].lastUsedAt as string;
    expect(firstUse).not.toBeNull();
    await resolve(secret);
    expect((await listKeys(owner)).json().items[0].lastUsedAt).toBe(firstUse);
  });

  it('refuses unknown secrets, disabled users, and callers without the internal token', async () => {
    expect((await resolve('vv-not-a-real-key')).statusCode).toBe(401);
    expect((await resolve('sk-something-else')).statusCode).toBe(401);
    const owner = await register();
    const { secret } = (await createKey(owner)).json<{ secret: string }>();
    expect((await resolve(secret, {})).statusCode).toBe(404);

    await service.deps.db.user.update({ where: { id: owner.userId }, data: { disabledAt: new Date() } });
    const refused = await resolve(secret);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('UNAUTHENTICATED');
  });
});
