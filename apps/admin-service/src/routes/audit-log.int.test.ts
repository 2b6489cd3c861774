import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { startTestAdminService, type TestAdminService } from '../test-support';

let service: TestAdminService;
let token: string;
beforeAll(async () => {
  service = await startTestAdminService();
  token = (await service.signedInAdmin()).token;
});
afterAll(async () => {
  await service.close();
});

const list = (query = '') =>
  service.app.inject({
    method: 'GET',
    url: `/api/admin/audit-log${query}`,
    headers: { authorization: `Bearer ${token}` },
  });

describe('GET /api/admin/audit-log', () => {
  it('lists entries newest first, paging with an opaque cursor', async () => {
    // Dated in the future so they are the newest rows whatever other test files write meanwhile.
    const actorId = newId('user');
    const rows = [1, 2, 3].map((n) => ({
      id: newId('audit'),
      actorId,
      action: 'user.role.change',
      targetType: 'user',
      targetId: `usr_target_${n}`,
      before: { role: 'USER' },
      after: { role: 'ADMIN' },
      createdAt: new Date(Date.UTC(2099, 0, n)),
    }));
    await service.db.auditLog.createMany({ data: rows });

    const first = await list('?limit=2');
    expect(first.statusCode).toBe(200);
    const page = first.json();
    expect(page.items).toEqual([
      {
        id: rows[2]!.id,
        actorId,
        actorEmail: null,
        action: 'user.role.change',
        targetType: 'user',
        targetId: 'usr_target_3',
        targetEmail: null,
        before: { role: 'USER' },
        after: { role: 'ADMIN' },
        createdAt: '2099-01-03T00:00:00.000Z',
      },
      expect.objectContaining({ id: rows[1]!.id, createdAt: '2099-01-02T00:00:00.000Z' }),
    ]);
    expect(page.nextCursor).toEqual(expect.any(String));

    const second = (await list(`?limit=2&cursor=${page.nextCursor}`)).json();
    expect(second.items[0]).toMatchObject({ id: rows[0]!.id });
  });

  it('names the actor and a user target by their current email; a deleted account reads as null', async () => {
    const email = (label: string) => `${label}-${newId('user')}@example.test`;
    const admin = await service.db.user.create({
      data: { id: newId('user'), email: email('auditor'), passwordHash: 'x', role: 'ADMIN' },
    });
    const target = await service.db.user.create({
      data: { id: newId('user'), email: email('audited'), passwordHash: 'x' },
    });
    await service.db.auditLog.createMany({
      data: [
        {
          id: newId('audit'),
          actorId: admin.id,
          action: 'user.disable',
          targetType: 'user',
          targetId: target.id,
          before: { disabled: false },
          after: { disabled: true },
          createdAt: new Date(Date.UTC(2101, 0, 2)),
        },
        {
          id: newId('audit'),
          actorId: admin.id,
          action: 'provider.delete',
          targetType: 'provider',
          targetId: 'prv_gone',
          before: { label: 'x' },
          createdAt: new Date(Date.UTC(2101, 0, 1)),
        },
      ],
    });
    const [disable, deleteProvider] = (await list('?limit=2')).json().items;
    expect(disable).toMatchObject({ actorEmail: admin.email, targetEmail: target.email });
    expect(deleteProvider).toMatchObject({ actorEmail: admin.email, targetEmail: null });

    await service.db.user.delete({ where: { id: target.id } });
    expect((await list('?limit=1')).json().items[0]).toMatchObject({
      actorEmail: admin.email,
      targetEmail: null,
      targetId: target.id,
    });
  });

  it('answers null snapshots as null (a creation has no before)', async () => {
    await service.db.auditLog.create({
      data: {
        id: newId('audit'),
        actorId: 'usr_x',
        action: 'provider.create',
        targetType: 'provider',
        targetId: 'prv_x',
        after: { hasApiKey: false },
        createdAt: new Date(Date.UTC(2105, 0, 1)),
      },
    });
    expect((await list('?limit=1')).json().items[0]).toMatchObject({
      action: 'provider.create',
      before: null,
      after: { hasApiKey: false },
    });
  });

  it('refuses a bad cursor or limit with 400', async () => {
    for (const query of ['?cursor=garbage', '?limit=0', '?limit=101', '?limit=abc']) {
      const response = await list(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
  });
});
