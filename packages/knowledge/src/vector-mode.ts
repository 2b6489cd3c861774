import { Prisma, type ChatDb } from '@vivier/db';

/**
 * How vectors are searched, chosen at start-up and stated in chat-service's `/ready`:
 * - `pgvector`: the server has the `vector` extension. A generated column `"embeddingVector"`
 *   (`vector`, made from `embedding real[]` by PostgreSQL itself) and one HNSW index per embedding
 *   size are added at start-up, outside the migrations, so those still deploy on stock PostgreSQL.
 * - `array`: stock PostgreSQL (or `KNOWLEDGE_VECTORS=array`): `real[]` scored in the service over
 *   the full-text and newest candidates (search-chunks.ts).
 */
export type VectorSearchMode = 'pgvector' | 'array';

export interface VectorMode {
  mode: VectorSearchMode;
  /** Why the fallback was chosen; absent in pgvector mode. */
  reason?: string;
}

type RawDb = Pick<ChatDb, '$queryRaw' | '$transaction'>;
/** DDL through `$queryRaw` (ChatDb has no `$executeRaw`); every value in it is ours, never a user's. */
const run = (db: Pick<ChatDb, '$queryRaw'>, sql: string) => db.$queryRaw(Prisma.raw(sql));

export const VECTOR_COLUMN = 'embeddingVector';
/** pgvector indexes `vector` up to 2 000 dimensions and `halfvec` up to 4 000; larger is scanned exactly. */
const VECTOR_INDEX_MAX_DIMS = 2_000;
const HALFVEC_INDEX_MAX_DIMS = 4_000;
/** Any constant shared by every chat-service replica, so only one of them alters the table at a time. */
const SETUP_LOCK_KEY = 0x766563; // "vec"

/** The type a vector of `dims` dimensions is indexed and compared as, or null when it has no index. */
export function indexedVectorType(dims: number): string | null {
  if (!Number.isInteger(dims) || dims < 1) return null;
  if (dims <= VECTOR_INDEX_MAX_DIMS) return `vector(${dims})`;
  if (dims <= HALFVEC_INDEX_MAX_DIMS) return `halfvec(${dims})`;
  return null;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Whether a pgvector version has `hnsw.iterative_scan` (0.8.0 and later), which every search sets:
 * older versions reserve the `hnsw.` prefix without it, so setting it fails.
 */
export function pgvectorVersionSupported(version: string): boolean {
  const [major = NaN, minor = NaN] = version.split('.').map(Number);
  return major > 0 || (major === 0 && minor >= 8);
}

/**
 * Chat-service at start-up: make pgvector the vector store when the extension can be created, else
 * choose the fallback and say why. Never throws: a failure here is a reason, not an outage.
 */
export async function prepareVectorStore(
  db: RawDb,
  options: { allowPgvector: boolean },
): Promise<VectorMode> {
  if (!options.allowPgvector) return { mode: 'array', reason: 'KNOWLEDGE_VECTORS=array' };
  try {
    // The version installed, else the one CREATE EXTENSION would install (null: not available,
    // which CREATE EXTENSION below reports).
    const [{ version } = { version: null }] = await db.$queryRaw<Array<{ version: string | null }>>(
      Prisma.sql`SELECT coalesce(
        (SELECT extversion FROM pg_extension WHERE extname = 'vector'),
        (SELECT default_version FROM pg_available_extensions WHERE name = 'vector')) AS "version"`,
    );
    if (version && !pgvectorVersionSupported(version)) {
      return { mode: 'array', reason: `pgvector ${version} is older than 0.8` };
    }
    // Set up already (the usual restart): no ALTER TABLE, whose lock would queue behind readers.
    const ready = (await readVectorMode(db, options)) === 'pgvector';
    if (!ready) await addVectorColumn(db);
    const sizes = await db.$queryRaw<Array<{ dims: number }>>(
      Prisma.sql`SELECT DISTINCT cardinality("embedding") AS "dims" FROM "KnowledgeChunk" WHERE cardinality("embedding") > 0`,
    );
    for (const { dims } of sizes) await ensureVectorIndex(db, Number(dims));
    return { mode: 'pgvector' };
  } catch (error) {
    return { mode: 'array', reason: messageOf(error) };
  }
}

/**
 * On an upgrade with existing chunks the ALTER rewrites the whole table, so the transaction may
 * last up to 30 minutes. A second replica waits on the advisory lock meanwhile (its start-up
 * waits too), then finds the column there and skips the ALTER. The ALTER waits at most
 * `lock_timeout` for the table's readers (all new readers queue behind it while it waits); past
 * that it fails and this replica runs on the fallback, with the lock timeout as /ready's reason.
 */
async function addVectorColumn(db: RawDb): Promise<void> {
  await db.$transaction(
    async (tx) => {
      // One replica at a time: concurrent CREATE EXTENSION / ADD COLUMN would collide.
      await run(tx, `SELECT 1 AS "locked" FROM (SELECT pg_advisory_xact_lock(${SETUP_LOCK_KEY})) AS l`);
      await run(tx, 'CREATE EXTENSION IF NOT EXISTS vector').catch((error: unknown) => {
        throw new Error(`CREATE EXTENSION vector failed: ${messageOf(error)}`);
      });
      // Another replica added it while this one waited for the lock.
      if ((await readVectorMode(tx, { allowPgvector: true })) === 'pgvector') return;
      await run(tx, `SELECT set_config('lock_timeout', '30s', true) AS "lockTimeout"`);
      // A stored generated column: every writer of "embedding" keeps it true, and adding it fills
      // the existing rows (one rewrite of the table, the first time only).
      await run(
        tx,
        `ALTER TABLE "KnowledgeChunk" ADD COLUMN IF NOT EXISTS "${VECTOR_COLUMN}" vector
             GENERATED ALWAYS AS (CASE WHEN cardinality("embedding") > 0 THEN "embedding"::vector END) STORED`,
      );
    },
    { maxWait: 60_000, timeout: 30 * 60_000 },
  );
}

/**
 * The HNSW index (cosine) over the passages of one embedding size: a partial index on the column
 * cast to that size, as pgvector advises for a column holding several sizes. Idempotent.
 */
export async function ensureVectorIndex(db: Pick<ChatDb, '$queryRaw'>, dims: number): Promise<void> {
  const type = indexedVectorType(dims);
  if (!type) return;
  const ops = type.startsWith('halfvec') ? 'halfvec_cosine_ops' : 'vector_cosine_ops';
  const create = run(
    db,
    `CREATE INDEX IF NOT EXISTS "KnowledgeChunk_embedding_hnsw_${dims}" ON "KnowledgeChunk"
       USING hnsw (("${VECTOR_COLUMN}"::${type}) ${ops}) WHERE vector_dims("${VECTOR_COLUMN}") = ${dims}`,
  );
  // Two replicas creating the same index at once: IF NOT EXISTS does not cover the loser, which
  // fails on the catalog's unique name ("already exists" / duplicate key). The index is there.
  await create.catch((error: unknown) => {
    if (!/already exists|duplicate key/i.test(messageOf(error))) throw error;
  });
}

/**
 * provider-worker and every retrieval: pgvector when chat-service has set it up (the column is
 * there, pgvector is 0.8 or later) and the fallback is not forced.
 */
export async function readVectorMode(
  db: Pick<ChatDb, '$queryRaw'>,
  options: { allowPgvector: boolean },
): Promise<VectorSearchMode> {
  if (!options.allowPgvector) return 'array';
  const rows = await db.$queryRaw<Array<{ present: boolean; version: string | null }>>`
    SELECT EXISTS (
      SELECT 1 FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'KnowledgeChunk' AND column_name = ${VECTOR_COLUMN}
    ) AS "present", (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS "version"`;
  const row = rows[0];
  return row?.present && row.version && pgvectorVersionSupported(row.version) ? 'pgvector' : 'array';
}

/** readVectorMode asked again at most once a minute: chat-service may set pgvector up after this starts. */
export function cachedVectorMode(
  db: Pick<ChatDb, '$queryRaw'>,
  options: { allowPgvector: boolean; ttlMs?: number },
): () => Promise<VectorSearchMode> {
  let known: { mode: VectorSearchMode; at: number } | undefined;
  return async () => {
    if (known && Date.now() - known.at < (options.ttlMs ?? 60_000)) return known.mode;
    const mode = await readVectorMode(db, options).catch(() => 'array' as const);
    known = { mode, at: Date.now() };
    return mode;
  };
}
