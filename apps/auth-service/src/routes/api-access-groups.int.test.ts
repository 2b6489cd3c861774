import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { createPrismaClient } from '@vivier/db';
import { uniqueEmail } from '@vivier/testkit';
import { startTestAuthService } from '../test-support';
import { ownTestDatabase } from '../test-own-database';

// The API's group limit is one row for the deployment: a database of this file's own.
const database = ownTestDatabase('api_groups');
const INTERNAL = { 'x-internal-token': 'test-internal-token-0123456789' };
let service: Awaited<ReturnType<typeof startTestAuthService>>;
let db: ReturnType<typeof createPrismaClient>;

beforeAll(async () => {
  await database.use();
  service = await startTestAuthService({ DATABASE_URL: database.url, FIRST_USER_BECOMES_ADMIN: 'false' });
  db = createPrismaClient(database.url);
});
afterAll(async () => {
  await service?.close();
  await db?.$disconnect();
  await database.drop();
});

/** A registered user with a key; `role` and `pending` set afterwards, as an admin would. */
async function userWithKey(options: { role?: 'USER' | 'ADMIN' } = {}) {
  const registered = await service.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { email: uniqueEmail('api-groups'), password: 'Correct-Horse-9-Battery' },
  });
  const { user, accessToken } = registered.json<{ user: { id: string }; accessToken: string }>();
  const created = await service.app.inject({
    method: 'POST',
    url: '/api/keys',
    payload: { name: 'script' },
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(created.statusCode).toBe(201);
  if (options.role) await db.user.update({ where: { id: user.id }, data: { role: options.role } });
  return { id: user.id, secret: created.json<{ secret: string }>().secret };
}
const resolve = (secret: string) =>
  service.app.inject({
    method: 'POST',
    url: '/internal/api-keys/resolve',
    payload: { secret },
    headers: INTERNAL,
  });

describe('the API limited to groups', () => {
  it('lets members of the listed groups and admins in, refuses everyone else with 403, and everyone again once the list is empty', async () => {
    const member = await userWithKey();
    const outsider = await userWithKey();
    const admin = await userWithKey({ role: 'ADMIN' });
    const group = await db.group.create({ data: { id: newId('group'), name: 'API users' } });
    await db.groupMember.create({ data: { groupId: group.id, userId: member.id } });

    // No setting yet: everyone.
    expect((await resolve(outsider.secret)).statusCode).toBe(200);

    await db.apiAccessSetting.upsert({
      where: { id: 'global' },
      create: { id: 'global', enabled: true, groupIds: [group.id] },
      update: { groupIds: [group.id] },
    });
    expect((await resolve(member.secret)).statusCode).toBe(200);
    expect((await resolve(admin.secret)).statusCode).toBe(200);
    const refused = await resolve(outsider.secret);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/may not use the API/);

    await db.apiAccessSetting.update({ where: { id: 'global' }, data: { groupIds: [] } });
    expect((await resolve(outsider.secret)).statusCode).toBe(200);
  });

  it('refuses a key whose owner waits for approval', async () => {
    const waiting = await userWithKey();
    await db.user.update({ where: { id: waiting.id }, data: { pendingApproval: true } });
    const refused = await resolve(waiting.secret);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('ACCOUNT_PENDING');
  });
});
