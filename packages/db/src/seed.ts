// `pnpm --filter @vivier/db seed`: creates the database if needed, applies migrations, then seeds
// the demo plans and, when ADMIN_EMAIL and ADMIN_PASSWORD are both set, the first ADMIN.
import { databaseEnv, loadEnvOrExit } from '@vivier/config';
import { Email, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@vivier/contracts';
import { z } from 'zod';
import { createPrismaClient } from './client';
import { ensureDatabase } from './database';
import { migrateDatabase } from './migrate';
import { seedDatabase } from './seed-data';

const env = loadEnvOrExit(
  z.object({
    ...databaseEnv,
    ADMIN_EMAIL: Email.optional(),
    // The same policy as registration, so the admin can log in through the same rules.
    ADMIN_PASSWORD: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH).optional(),
  }),
);

await ensureDatabase(env.DATABASE_URL);
await migrateDatabase(env.DATABASE_URL);
const prisma = createPrismaClient(env.DATABASE_URL);
try {
  const result = await seedDatabase(prisma, {
    adminEmail: env.ADMIN_EMAIL,
    adminPassword: env.ADMIN_PASSWORD,
  });
  const admin = result.adminId
    ? `admin ${env.ADMIN_EMAIL?.toLowerCase()}`
    : 'no admin (ADMIN_EMAIL/ADMIN_PASSWORD unset)';
  process.stdout.write(`Seeded ${result.planIds.length} plans and ${admin}\n`);
} finally {
  await prisma.$disconnect();
}
