import { verify } from '@node-rs/argon2';
import { newId } from '@vivier/contracts';
import { describe, expect, it } from 'vitest';
import { seedDatabase } from './seed-data';
import { useTestPrisma } from './test-database';

const db = useTestPrisma();

describe('seedDatabase', () => {
  it('is idempotent: one admin and two plans after two runs', async () => {
    const options = { adminEmail: 'Admin@Example.COM', adminPassword: 'correct horse battery' };
    const first = await seedDatabase(db.client, options);
    const second = await seedDatabase(db.client, options);

    expect(second).toEqual(first);
    const admins = await db.client.user.findMany({ where: { role: 'ADMIN' } });
    expect(admins).toHaveLength(1);
    const [admin] = admins;
    expect(admin?.email).toBe('admin@example.com');
    expect(admin?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(admin?.passwordHash.startsWith('$argon2id$')).toBe(true);
    expect(await verify(admin?.passwordHash ?? '', 'correct horse battery')).toBe(true);

    const plans = await db.client.plan.findMany({ orderBy: { priceMonthlyCents: 'asc' } });
    expect(
      plans.map(({ slug, priceMonthlyCents, allowanceMicros, isDefault, active }) => ({
        slug,
        priceMonthlyCents,
        allowanceMicros,
        isDefault,
        active,
      })),
    ).toEqual([
      { slug: 'free', priceMonthlyCents: 0, allowanceMicros: 5_000_000n, isDefault: true, active: true },
      { slug: 'pro', priceMonthlyCents: 2_000, allowanceMicros: 50_000_000n, isDefault: false, active: true },
    ]);
    expect(plans.every((plan) => plan.id.startsWith('pln_'))).toBe(true);
  });

  it('seeds only plans without admin credentials', async () => {
    const result = await seedDatabase(db.client);
    expect(result.adminId).toBeNull();
    expect(await db.client.plan.count()).toBe(2);
  });

  it('takes over a pre-registered user with the admin email instead of trusting its password', async () => {
    const squatter = await db.client.user.create({
      data: { id: newId('user'), email: 'boss@example.com', passwordHash: 'attacker-chosen' },
    });
    await db.client.refreshToken.create({
      data: {
        id: newId('session'),
        userId: squatter.id,
        familyId: 'family',
        tokenHash: 'hash-1',
        expiresAt: new Date(Date.now() + 60_000),
      },
    });

    const { adminId } = await seedDatabase(db.client, {
      adminEmail: 'boss@example.com',
      adminPassword: 'the real one!',
    });

    expect(adminId).toBe(squatter.id);
    const admin = await db.client.user.findUniqueOrThrow({ where: { id: squatter.id } });
    expect(admin.role).toBe('ADMIN');
    expect(await verify(admin.passwordHash, 'the real one!')).toBe(true);
    expect(await db.client.refreshToken.count({ where: { userId: squatter.id, revokedAt: null } })).toBe(0);
  });
});
