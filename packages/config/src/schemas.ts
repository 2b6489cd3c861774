import { z } from 'zod';

/** Building blocks each service composes into its own env schema (apps/<service>/src/env.ts). */

export const booleanFromString = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** A size limit in bytes, at least 1 KiB. */
export const byteLimit = (fallback: number) => z.coerce.number().int().min(1024).default(fallback);

export const baseEnv = {
  /**
   * Unset means production: a deployment that forgets it must get the strict checks (no
   * development keys, no placeholders), not the conveniences. Development says so explicitly.
   */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('0.0.0.0'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
};

export const databaseEnv = {
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
};

export const redisEnv = {
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
  /** Prefix for every Redis key and stream this deployment uses; lets test runs share a server. */
  REDIS_PREFIX: z.string().default('vivier:'),
};

export const internalEnv = {
  /** Shared secret services present to each other's /internal routes. */
  INTERNAL_SERVICE_TOKEN: z.string().min(16),
};

export const authClientEnv = {
  /** Where auth-service publishes its JWKS (e.g. http://127.0.0.1:4001/.well-known/jwks.json). */
  AUTH_JWKS_URL: z.url(),
  JWT_ISSUER: z.string().default('vivier'),
  JWT_AUDIENCE: z.string().default('vivier'),
};

/**
 * Body limits of the two large uploads: the gateway lets bodies this large through on their routes
 * and chat-service refuses larger ones (413), so both read the same variables and defaults.
 */
export const transferLimitEnv = {
  /** Largest file `POST /api/files` accepts. */
  UPLOAD_LIMIT_BYTES: byteLimit(20 * 1024 * 1024),
  /** Largest export `POST /api/chats/import` accepts; other apps' exports run to tens of MB. */
  IMPORT_LIMIT_BYTES: byteLimit(50 * 1024 * 1024),
};
