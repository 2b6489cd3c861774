import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

/**
 * The runtime client: Prisma's TypeScript query compiler over node-postgres (no native engine).
 * One per process; close it with `$disconnect()` on shutdown.
 *
 * In `$queryRaw`, cast pg_catalog columns of type `name` or `"char"` to text (`relname::text`):
 * adapter-pg 6.19.3 cannot decode those two types (prisma/orm#27403).
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}
