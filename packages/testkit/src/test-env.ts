import { randomBytes } from 'node:crypto';

/**
 * Where integration tests find their infrastructure. The root vitest global setup creates one
 * fresh, migrated database per run and exports it as DATABASE_URL; Redis keys are namespaced per
 * test file so runs and files never see each other's keys.
 */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run tests through the root vitest config');
  return url;
}

export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

export function uniqueRedisPrefix(label: string): string {
  return `test:${label}:${randomBytes(4).toString('hex')}:`;
}

/** The internal service token every service's tests share (stand-ins check the same one). */
export const TEST_INTERNAL_TOKEN = 'test-internal-token-0123456789';

/**
 * The variables every service's test env starts from: test mode, the run's database, Redis under
 * a fresh prefix named after `label`, the shared internal token. A service adds its own after.
 */
export function serviceTestEnv(label: string) {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: uniqueRedisPrefix(label),
    INTERNAL_SERVICE_TOKEN: TEST_INTERNAL_TOKEN,
  };
}

export function uniqueEmail(label: string): string {
  return `${label}-${Date.now()}-${randomBytes(3).toString('hex')}@example.test`;
}

/** Polls `probe` until it returns a truthy value or the deadline passes. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
