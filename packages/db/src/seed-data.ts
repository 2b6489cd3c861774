import type { Algorithm } from '@node-rs/argon2';
import { newId } from '@vivier/contracts';
import type { PrismaClient } from './generated/prisma/client';

// Algorithm.Argon2id: the enum is an ambient `const enum`, which isolatedModules cannot read.
const ARGON2ID = 2 as Algorithm;

/** argon2's native addon loads only when a seed hashes a password: every service imports this package. */
async function hashPassword(password: string): Promise<string> {
  const { hash } = await import('@node-rs/argon2');
  return hash(password, { algorithm: ARGON2ID });
}

/** The demo plans. Allowances are provider cost in micro-dollars per month (5_000_000 = $5). */
export const DEMO_PLANS = [
  { slug: 'free', name: 'Free', priceMonthlyCents: 0, allowanceMicros: 5_000_000n, isDefault: true },
  { slug: 'pro', name: 'Pro', priceMonthlyCents: 2_000, allowanceMicros: 50_000_000n, isDefault: false },
] as const;

export type SeedDb = Pick<PrismaClient, 'user' | 'refreshToken' | 'plan' | '$transaction'>;

export type SeedOptions = { adminEmail?: string; adminPassword?: string };

export type SeedResult = { adminId: string | null; planIds: string[] };

/**
 * Idempotent: safe on every start. Upserts the demo plans (by slug) and, when both an email and
 * a password are given, the first ADMIN.
 */
export async function seedDatabase(db: SeedDb, options: SeedOptions = {}): Promise<SeedResult> {
  const planIds = await upsertDemoPlans(db);
  const { adminEmail, adminPassword } = options;
  const adminId = adminEmail && adminPassword ? await upsertAdmin(db, adminEmail, adminPassword) : null;
  return { adminId, planIds };
}

async function upsertDemoPlans(db: SeedDb): Promise<string[]> {
  const ids: string[] = [];
  for (const plan of DEMO_PLANS) {
    // `update` is empty on purpose: prices an operator changed in the admin area survive a re-seed.
    const saved = await db.plan.upsert({
      where: { slug: plan.slug },
      create: { id: newId('plan'), ...plan, active: true },
      update: {},
      select: { id: true },
    });
    ids.push(saved.id);
  }
  return ids;
}

/**
 * - No such user: create a verified ADMIN with the given password.
 * - Already an ADMIN: leave the password alone (the admin may have changed it since).
 * - Exists but is not an ADMIN: someone registered that address first. Promote it only after
 *   taking it over: the password becomes the configured one and its sessions are revoked, so
 *   whoever registered it cannot keep an admin session.
 */
async function upsertAdmin(db: SeedDb, email: string, password: string): Promise<string> {
  const normalizedEmail = email.trim().toLowerCase();
  const existing = await db.user.findUnique({ where: { email: normalizedEmail } });
  const now = new Date();

  if (!existing) {
    const passwordHash = await hashPassword(password);
    // upsert, not create: another process seeding at the same moment must not make this fail.
    const created = await db.user.upsert({
      where: { email: normalizedEmail },
      create: {
        id: newId('user'),
        email: normalizedEmail,
        passwordHash,
        role: 'ADMIN',
        emailVerifiedAt: now,
      },
      update: {},
      select: { id: true },
    });
    return created.id;
  }

  if (existing.role === 'ADMIN') {
    if (!existing.emailVerifiedAt) {
      await db.user.update({ where: { id: existing.id }, data: { emailVerifiedAt: now } });
    }
    return existing.id;
  }

  const passwordHash = await hashPassword(password);
  await db.$transaction([
    db.user.update({
      where: { id: existing.id },
      data: { role: 'ADMIN', passwordHash, emailVerifiedAt: now, disabledAt: null },
    }),
    db.refreshToken.updateMany({ where: { userId: existing.id, revokedAt: null }, data: { revokedAt: now } }),
  ]);
  return existing.id;
}
