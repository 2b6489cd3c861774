import type { ChatDb } from '@vivier/db';

/**
 * How vectors are searched. `array`: `real[]` scored in the service over the full-text and newest
 * candidates, which works on stock PostgreSQL. pgvector, when the server offers it, is reported
 * (`pgvectorAvailable`) but not used yet: see the README's knowledge section.
 */
export interface VectorMode {
  mode: 'array';
  pgvectorAvailable: boolean;
}

export async function detectVectorMode(db: Pick<ChatDb, '$queryRaw'>): Promise<VectorMode> {
  const rows = await db.$queryRaw<Array<{ available: boolean }>>`
    SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS "available"`;
  return { mode: 'array', pgvectorAvailable: rows[0]?.available ?? false };
}
