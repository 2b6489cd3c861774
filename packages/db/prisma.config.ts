// Configuration for the Prisma CLI only (generate, migrate). The runtime client is built in
// src/client.ts and needs none of the workarounds below.
//
// Prisma 6.19.3 offline: the JS schema engine (`engine: 'js'`) talks to PostgreSQL through
// @prisma/adapter-pg, so no native schema-engine binary has to be downloaded.
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import PgResult from 'pg/lib/result.js';
import { defineConfig } from 'prisma/config';

// Offline: skip the CLI's update check (a network call) for every command, `generate` included.
process.env.CHECKPOINT_DISABLE ||= '1';

// prisma/orm#27403: the wasm schema engine introspects pg_catalog columns of type `"char"`
// (oid 18) and `name` (oid 19), which adapter-pg 6.19.3 rejects as unsupported column types.
// Both are plain text on the wire, so relabel them as `text` (oid 25) before the adapter sees
// the field descriptions. Only the CLI process loads this file: the runtime client is left
// untouched, and application $queryRaw casts such columns instead (see src/client.ts).
const TEXT_OID = 25;
const CATALOG_TEXT_OIDS = new Set([18, 19]);
type FieldDescription = { dataTypeID: number };
const resultPrototype = PgResult.prototype as {
  addFields(fields: FieldDescription[]): void;
  __vivierPatched?: true;
};
if (!resultPrototype.__vivierPatched) {
  const addFields = resultPrototype.addFields;
  resultPrototype.addFields = function (this: unknown, fields: FieldDescription[]) {
    for (const field of fields) if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    return addFields.call(this, fields);
  };
  resultPrototype.__vivierPatched = true;
}

/**
 * Discrete fields rather than `connectionString`: adapter-pg builds the shadow database's pool
 * by spreading this config with its own `database`, which a connection string would override.
 */
function poolConfigFromUrl(databaseUrl: string): pg.PoolConfig {
  const url = new URL(databaseUrl);
  const sslmode = url.searchParams.get('sslmode');
  return {
    host: decodeURIComponent(url.hostname) || '127.0.0.1',
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password) || undefined,
    database: decodeURIComponent(url.pathname.slice(1)) || 'postgres',
    ssl: sslmode && sslmode !== 'disable' ? { rejectUnauthorized: sslmode === 'verify-full' } : undefined,
  };
}

/**
 * adapter-pg's stock connectToShadowDb drops the shadow database while its own pool still holds
 * a connection (so `migrate dev` fails); close the shadow pool first, then drop.
 */
class VivierPrismaPg extends PrismaPg {
  constructor(private readonly poolConfig: pg.PoolConfig) {
    super(poolConfig);
  }

  override async connectToShadowDb() {
    const shadowDatabase = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
    const admin = new pg.Client(this.poolConfig);
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${shadowDatabase}"`);
    } finally {
      await admin.end();
    }
    const shadow = await new PrismaPg({ ...this.poolConfig, database: shadowDatabase }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      const dropper = new pg.Client(this.poolConfig);
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${shadowDatabase}"`);
      } finally {
        await dropper.end();
      }
    };
    return shadow;
  }
}

// The schema's `url = env("DATABASE_URL")` must resolve for the CLI to read the generator block
// at all; when it cannot, `prisma generate` silently falls back to the native library engine and
// tries to download it (fails offline). Generation never connects, so a placeholder is enough;
// commands that do connect go through `adapter()` below, which insists on the real variable.
const databaseUrl = process.env.DATABASE_URL;
process.env.DATABASE_URL ||= 'postgresql://placeholder@localhost:5432/placeholder';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  // Called only by commands that reach the database, so `prisma generate` needs no DATABASE_URL.
  async adapter() {
    if (!databaseUrl) throw new Error('DATABASE_URL is not set');
    return new VivierPrismaPg(poolConfigFromUrl(databaseUrl));
  },
});
