import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { BusLogger } from './logger';

// Shared by this package's integration tests only; not exported from the package.

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test file (or concurrent run) can collide with. */
export function randomPrefix(): string {
  return `test:bus:${randomUUID().slice(0, 8)}:`;
}

export function connectRedis(): Redis {
  return new Redis(REDIS_URL);
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Polls until `condition` holds; fails with `message` after the deadline instead of hanging. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  message: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/** The connections Redis lists (CLIENT LIST), each as its fields: `id`, `name`, `cmd`, `flags`, … */
export async function redisClients(redis: Redis): Promise<Array<Record<string, string>>> {
  const list = (await redis.client('LIST')) as string;
  return list
    .split('\n')
    .filter(Boolean)
    .map((line) => Object.fromEntries(line.split(' ').map((pair) => pair.split('=', 2) as [string, string])));
}

/** Whether the connection with this CLIENT ID is parked in a blocking command (flag `b`). */
export async function isBlocked(redis: Redis, clientId: number): Promise<boolean> {
  const client = (await redisClients(redis)).find((fields) => fields.id === String(clientId));
  return client?.flags?.includes('b') ?? false;
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** Collects log lines so tests can assert on warnings without printing them. */
export function recordingLogger(): BusLogger & {
  lines: Array<{ level: string; fields: object; message?: string }>;
} {
  const lines: Array<{ level: string; fields: object; message?: string }> = [];
  const at = (level: string) => (fields: object, message?: string) => lines.push({ level, fields, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
