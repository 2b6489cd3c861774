import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** packages/db, wherever the caller runs from: the Prisma CLI must run here to find its config. */
export const DB_PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const MIGRATIONS_DIR = path.join(DB_PACKAGE_DIR, 'prisma', 'migrations');

// The key `prisma migrate` itself locks, so this and the CLI never migrate one database at once.
const PRISMA_MIGRATE_ADVISORY_LOCK = 72707369;

// Byte-for-byte the table `prisma migrate deploy` creates (checked with pg_dump against 6.19.3).
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export type MigrationResult = { applied: string[] };

/**
 * Applies pending migrations from prisma/migrations the way `prisma migrate deploy` does, without
 * the CLI.
 *
 * Why not spawn the CLI: each run costs ~2 s of start-up and then lingers ~10 s (timers in the
 * wasm schema engine and pg-pool) before exiting, which is most of a test run's budget. The
 * bookkeeping is small and stable, so we do it ourselves, compatibly: the same advisory lock, the
 * same `_prisma_migrations` table, one row per migration with the SHA-256 of migration.sql as its
 * checksum, so the CLI (`migrate deploy`, `migrate status`, `migrate dev`) later sees these
 * migrations as applied (src/migrate.int.test.ts checks that against the real CLI).
 *
 * One difference, on purpose: each migration runs in a transaction with its bookkeeping row, so a
 * failed migration leaves nothing behind (the CLI would leave a failed row that blocks deploys
 * until `migrate resolve`). A migration that cannot run in a transaction (CREATE INDEX
 * CONCURRENTLY, a DO block that COMMITs between batches) starts with the line
 * `-- vivier: no-transaction` and holds a single statement, which is how `prisma migrate deploy`
 * can run it too: it is sent alone, outside a transaction block, and recorded once it succeeded.
 */
export async function migrateDatabase(
  databaseUrl: string,
  options: { /** Stop after this migration (tests of a migration on existing data). */ until?: string } = {},
): Promise<MigrationResult> {
  const migrations = (await readMigrations()).filter(
    (migration) => !options.until || migration.name <= options.until,
  );
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await acquireMigrateLock(client);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<{ migration_name: string; finished_at: Date | null }>(
      'SELECT migration_name, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const failed = rows.find((row) => row.finished_at === null);
    if (failed) {
      throw new Error(
        `Migration ${failed.migration_name} failed earlier (P3009); resolve it with \`prisma migrate resolve\` first`,
      );
    }
    const done = new Set(rows.map((row) => row.migration_name));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      await applyMigration(client, migration);
      applied.push(migration.name);
    }
    return { applied };
  } finally {
    // Ending the session releases the advisory lock too, even if the unlock query fails.
    await client
      .query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_ADVISORY_LOCK])
      .catch(() => undefined);
    await client.end();
  }
}

const LOCK_POLL_MS = 200;
const LOCK_WAIT_LIMIT_MS = 30 * 60_000;

/**
 * Takes the migrate lock by polling `pg_try_advisory_lock` rather than waiting in
 * `pg_advisory_lock`: a session blocked in a statement holds a snapshot, and CREATE INDEX
 * CONCURRENTLY (run by whoever holds the lock) waits for every older snapshot — so two services
 * starting together would deadlock. Between polls this session holds no snapshot.
 */
async function acquireMigrateLock(client: pg.Client): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_LIMIT_MS;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      PRISMA_MIGRATE_ADVISORY_LOCK,
    ]);
    if (rows[0]?.locked) return;
    if (Date.now() > deadline) {
      throw new Error(
        `Another migration has held the migrate lock for ${LOCK_WAIT_LIMIT_MS / 60_000} minutes`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

type Migration = { name: string; script: string };

async function readMigrations(): Promise<Migration[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => ({
      name,
      script: await readFile(path.join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8'),
    })),
  );
}

const NO_TRANSACTION = /^-- vivier: no-transaction$/m;

async function applyMigration(client: pg.Client, migration: Migration): Promise<void> {
  const startedAt = new Date();
  if (NO_TRANSACTION.test(migration.script)) {
    try {
      await client.query(migration.script);
    } catch (error) {
      throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
    }
    await recordMigration(client, migration, startedAt);
    return;
  }
  await client.query('BEGIN');
  try {
    await client.query(migration.script);
    await recordMigration(client, migration, startedAt);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
  }
}

async function recordMigration(client: pg.Client, migration: Migration, startedAt: Date): Promise<void> {
  await client.query(
    `INSERT INTO "_prisma_migrations"
       (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
     VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
    [randomUUID(), sha256(migration.script), migration.name, startedAt],
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// What `prisma migrate deploy` 6.19.3 prints last on success, before it idles for ~10 s.
const CLI_SUCCESS = /All migrations have been successfully applied\.|No pending migrations to apply\./;
const CLI_ERROR = /^Error: /m;
const CLI_TIMEOUT_MS = 120_000;

/**
 * Runs the real `prisma migrate deploy` (pinned 6.19.3, offline via prisma.config.ts) against
 * `databaseUrl`. The CLI keeps running ~10 s after printing its result, so once its output says it
 * has finished we stop it: by then every migration has been committed and recorded, and what is
 * left is only idle timers. If the wording ever changes we simply wait for it to exit.
 */
export async function migrateDatabaseWithPrismaCli(
  databaseUrl: string,
  options: { onOutput?: (chunk: string) => void } = {},
): Promise<{ output: string }> {
  const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
  const child = spawn(process.execPath, [cli, 'migrate', 'deploy'], {
    cwd: DB_PACKAGE_DIR,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  return new Promise((resolve, reject) => {
    let output = '';
    let outcome: 'success' | 'error' | undefined;
    const stop = () => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2_000).unref();
    };
    const timeout = setTimeout(() => {
      outcome = 'error';
      output += `\n(timed out after ${CLI_TIMEOUT_MS} ms)`;
      stop();
    }, CLI_TIMEOUT_MS);

    const onData = (data: Buffer) => {
      const chunk = data.toString('utf8');
      output += chunk;
      options.onOutput?.(chunk);
      if (outcome) return;
      if (CLI_SUCCESS.test(output)) {
        outcome = 'success';
        stop();
      } else if (CLI_ERROR.test(output)) {
        outcome = 'error';
        // The rest of the message follows in the next chunks; give it a moment.
        setTimeout(stop, 300).unref();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => {
      clearTimeout(timeout);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timeout);
      if (outcome === 'success' || (outcome === undefined && code === 0)) resolve({ output });
      else reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output.trim()}`));
    });
  });
}
