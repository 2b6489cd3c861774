import { freePort, testDatabaseUrl, testRedisUrl, uniqueRedisPrefix } from '@vivier/testkit';
import { startStack, type ServiceName, type Stack, type StackOptions } from '../scripts/lib/stack';

/** Rate limits out of the way of tests that register and call a lot from one address. */
export const GENEROUS_LIMITS = {
  REGISTER_LIMIT_PER_HOUR: '1000',
  RATE_LIMIT_USER_PER_MIN: '10000',
  RATE_LIMIT_ANON_PER_MIN: '10000',
} as const;

/**
 * Every API service of scripts/lib/stack.ts on a free port of its own (end-to-end files run side
 * by side, and a developer's `npm start` may hold the default ports), on the run's database and a
 * fresh Redis prefix unless told otherwise, in test mode, with each process's output captured.
 */
export async function startTestStack(options: {
  label: string;
  smtpUrl: string;
  databaseUrl?: string;
  redisPrefix?: string;
  env?: Record<string, string>;
  /** Processes per service (scripts/lib/stack.ts): the gateway balances across them. */
  replicas?: StackOptions['replicas'];
  /** How long each process may take to answer /ready (default 60 s). */
  readyTimeoutMs?: number;
}): Promise<Stack> {
  const services: Array<Exclude<ServiceName, 'web'>> = [
    'gateway',
    'auth-service',
    'chat-service',
    'admin-service',
    'billing-service',
    'provider-worker',
  ];
  const ports: Partial<Record<ServiceName, number>> = {};
  for (const service of services) ports[service] = await freePort();
  return startStack({
    databaseUrl: options.databaseUrl ?? testDatabaseUrl(),
    redisUrl: testRedisUrl(),
    redisPrefix: options.redisPrefix ?? uniqueRedisPrefix(options.label),
    smtpUrl: options.smtpUrl,
    ports,
    withWeb: false,
    output: 'capture',
    nodeEnv: 'test',
    // Test files share one database: a reaper would end other files' staged generations. Tests
    // that exercise the reaper turn it on (and use a database of their own). Whoever registers
    // first in that database must not become its admin by the order files happen to run in (the
    // first-user rule is tested in a database of its own); tests that need an admin seed one.
    env: {
      GENERATION_REAP_INTERVAL_MS: String(24 * 3600_000),
      FIRST_USER_BECOMES_ADMIN: 'false',
      ...options.env,
    },
    replicas: options.replicas,
    readyTimeoutMs: options.readyTimeoutMs,
  });
}
