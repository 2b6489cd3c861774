import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';

/** The connection pool under each client made here: `queryRows` runs hot statements on it. */
const pools = new WeakMap<object, pg.Pool>();

/**
 * The runtime client: Prisma's TypeScript query compiler over node-postgres (no native engine).
 * One per process; close it with `$disconnect()` on shutdown (which ends its pool too).
 *
 * In `$queryRaw`, cast pg_catalog columns of type `name` or `"char"` to text (`relname::text`):
 * adapter-pg 6.19.3 cannot decode those two types (prisma/orm#27403).
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  const pool = new pg.Pool({ connectionString: databaseUrl });
  // An idle connection that drops (a database restart) is an 'error' on the pool: the pool
  // discards that client by itself. Prisma's adapter listens only once it has connected, so a
  // process whose first statements are all `queryRows` would otherwise crash on it.
  pool.on('error', () => {});
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
}

/** `2026-12-07 09:30:00.123` (a `timestamp` column, stored in UTC by Prisma) → that instant. */
const parseUtcTimestamp = (value: string) => new Date(`${value.replace(' ', 'T')}Z`);

const TIMESTAMP_OID = 1114;
const INT8_OID = 20;
/** The column types that node-postgres reads differently from Prisma's `$queryRaw` (text format only). */
const RAW_TYPES = {
  getTypeParser: ((oid: number) => {
    if (oid === TIMESTAMP_OID) return parseUtcTimestamp;
    if (oid === INT8_OID) return (value: string) => BigInt(value);
    const parse = pg.types.getTypeParser(oid, 'text') as (value: string) => unknown;
    return parse;
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** One server-side prepared statement per distinct SQL text, named once. */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `vivier_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * The database could not be reached for a `queryRows` statement: service-kit answers it 503
 * UPSTREAM_UNAVAILABLE, as it does Prisma's own connection errors (P1001, a raw query's P2010).
 */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
/** Connection failures: the socket's, PostgreSQL's 08… and shutdown/starting-up 57P01–57P03, the pool's. */
function isOutage(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (
    typeof code === 'string' &&
    (SOCKET_ERRORS.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code))
  )
    return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|connection error/i.test(message)
  );
}

/**
 * A statement on the path to a first token, with what `$queryRaw` would return (a `timestamp` as a
 * Date, a `bigint` as a BigInt). Prisma 6.19 compiles even a raw query in WebAssembly on the event
 * loop (~0.3 ms of CPU each, bench/README.md); here it goes to the client's own pool as a prepared
 * statement (parsed once per connection). Anything else — a transaction's client, a stand-in —
 * runs it through `$queryRaw` as before.
 *
 * The SQL text must be built from static fragments only (`Prisma.sql` with values as parameters),
 * as for `$queryRaw`: each distinct text becomes one prepared statement per connection.
 */
export async function queryRows<Row>(
  db: { $queryRaw: PrismaClient['$queryRaw'] },
  query: { text: string; values: unknown[] },
): Promise<Row[]> {
  const pool = pools.get(db);
  if (!pool) return db.$queryRaw<Row[]>(query as Parameters<PrismaClient['$queryRaw']>[0]);
  try {
    const result = await pool.query({
      name: statementName(query.text),
      text: query.text,
      values: query.values,
      types: RAW_TYPES,
    });
    return result.rows as Row[];
  } catch (error) {
    if (isOutage(error)) throw new DatabaseUnavailableError('The database is unavailable', { cause: error });
    throw error;
  }
}
