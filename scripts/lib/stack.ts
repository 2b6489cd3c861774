import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DATA_DIR } from './infrastructure';

/**
 * Starts Vivier's services as real processes (the start command and the end-to-end tests use
 * the same code), each on its own port, and waits until each answers /ready.
 */

export const ROOT = join(import.meta.dirname, '..', '..');

export type ServiceName =
  | 'gateway'
  | 'auth-service'
  | 'chat-service'
  | 'admin-service'
  | 'billing-service'
  | 'provider-worker'
  | 'web';

export interface StackOptions {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix?: string;
  smtpUrl: string;
  ports?: Partial<Record<ServiceName, number>>;
  /** Extra env for every service (e.g. generous rate limits, provider keys). */
  env?: Record<string, string>;
  /** Skip the Next.js app (API-only end-to-end tests). */
  withWeb?: boolean;
  /** 'inherit' prefixes each line with the service name; 'capture' keeps lines for assertions. */
  output?: 'inherit' | 'capture';
  nodeEnv?: 'production' | 'test' | 'development';
  /** How long each service may take to answer /ready (a loaded machine is slow to start). */
  readyTimeoutMs?: number;
  /**
   * Processes per service (default 1): the extra ones listen on free ports and the gateway
   * balances across all of them.
   */
  replicas?: Partial<Record<ReplicableService, number>>;
}

export type ReplicableService = Exclude<ServiceName, 'gateway' | 'web'>;

/** Short names accepted by `--replicas` / VIVIER_REPLICAS, besides the full ones. */
const replicaAliases: Record<string, ReplicableService> = {
  auth: 'auth-service',
  chat: 'chat-service',
  admin: 'admin-service',
  billing: 'billing-service',
  worker: 'provider-worker',
};

/** Parses `chat=2,worker=2` (short or full service names, 1–16 each). */
export function parseReplicas(value: string): Partial<Record<ReplicableService, number>> {
  const replicas: Partial<Record<ReplicableService, number>> = {};
  for (const part of value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [name = '', count = ''] = part.split('=').map((item) => item.trim());
    const service =
      replicaAliases[name] ??
      (Object.values(replicaAliases).includes(name as ReplicableService) ? name : undefined);
    const n = Number(count);
    if (!service || !Number.isInteger(n) || n < 1 || n > 16) {
      throw new Error(
        `bad replicas "${part}": write name=count with a count from 1 to 16 and a name among ${Object.keys(replicaAliases).join(', ')} (or their full names)`,
      );
    }
    replicas[service as ReplicableService] = n;
  }
  return replicas;
}

/** A port the OS says is free now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningService {
  name: string;
  url: string;
  child: ChildProcess;
  output: string[];
}

export const defaultPorts: Record<ServiceName, number> = {
  gateway: 3000,
  'auth-service': 4001,
  'chat-service': 4002,
  'admin-service': 4003,
  'billing-service': 4004,
  'provider-worker': 4005,
  web: 3001,
};

/** An ES256 signing key kept in .vivier/keys, so restarts keep sessions valid. */
function localSigningKey(): string {
  const directory = join(DATA_DIR, 'keys');
  const path = join(directory, 'jwt-es256.pem');
  if (existsSync(path)) return readFileSync(path, 'utf8');
  mkdirSync(directory, { recursive: true });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(path, pem, { mode: 0o600 });
  return pem;
}

/** The key that encrypts provider API keys at rest, generated once into .vivier/keys. */
function localEncryptionKey(): string {
  const directory = join(DATA_DIR, 'keys');
  const path = join(directory, 'provider-keys.b64');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(directory, { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(path, key, { mode: 0o600 });
  return key;
}

export function launch(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; port: number; output: 'inherit' | 'capture' },
): RunningService {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      output.push(line);
      if (options.output === 'inherit') process.stdout.write(`[${name}] ${line}\n`);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { name, url: `http://127.0.0.1:${options.port}`, child, output };
}

export async function waitUntilReady(
  service: RunningService,
  // A loaded machine (the benchmark's, a busy CI runner) may need longer to start TypeScript services.
  timeoutMs = Number(process.env.STACK_READY_TIMEOUT_MS ?? 90_000),
  path = '/ready',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.child.exitCode !== null) {
      throw new Error(
        `${service.name} exited with ${service.child.exitCode}:\n${service.output.slice(-20).join('\n')}`,
      );
    }
    try {
      const response = await fetch(service.url + path, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${service.name} not ready after ${timeoutMs} ms:\n${service.output.slice(-20).join('\n')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function stopService(
  service: RunningService,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => service.child.once('exit', () => resolve()));
  service.child.kill(signal);
  const timer = setTimeout(() => service.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Each Node service runs its compiled JavaScript (built by `turbo run build` with tsup, with
 * source maps), as it does in a container; `pnpm --filter <app> dev` runs the TypeScript instead.
 */
const entryPoints: Record<Exclude<ServiceName, 'web'>, string> = {
  gateway: 'dist/server.js',
  'auth-service': 'dist/server.js',
  'chat-service': 'dist/server.js',
  'admin-service': 'dist/server.js',
  'billing-service': 'dist/server.js',
  'provider-worker': 'dist/main.js',
};

/** The newest modification time of the TypeScript sources under `dir` (tests excluded). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** The workspace packages a package depends on, directly or through others (folder names). */
function workspaceDependencies(dir: string, seen = new Set<string>()): Set<string> {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (!name.startsWith('@vivier/')) continue;
    const folder = name.slice('@vivier/'.length);
    if (seen.has(folder) || !existsSync(join(ROOT, 'packages', folder))) continue;
    seen.add(folder);
    workspaceDependencies(join(ROOT, 'packages', folder), seen);
  }
  return seen;
}

/**
 * The services run their build output, so a missing or stale build would run (or test) other code
 * than the checkout's: refuse, saying what to run. An app's build is stale when it is older than
 * its own sources or those of a workspace package it uses (turbo builds those first).
 */
export function assertServicesBuilt(): void {
  for (const [service, entry] of Object.entries(entryPoints)) {
    const appDir = join(ROOT, 'apps', service);
    const built = join(appDir, entry);
    if (!existsSync(built)) {
      throw new Error(`apps/${service}/${entry} is missing: run \`pnpm build\` first`);
    }
    const sources = [
      join(appDir, 'src'),
      ...[...workspaceDependencies(appDir)].map((name) => join(ROOT, 'packages', name, 'src')),
    ];
    if (statSync(built).mtimeMs < Math.max(...sources.map(newestSource))) {
      throw new Error(`apps/${service}/${entry} is older than its sources: run \`pnpm build\` first`);
    }
  }
}

/**
 * The node arguments that run a service's build. Source maps (stack traces in TypeScript lines)
 * only outside production: Node parses the map of every module it loads, the SDKs' included,
 * ~14 MiB resident per process. `STACK_NODE_ARGS` adds flags NODE_OPTIONS refuses, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile every service.
 */
export function serviceArgs(
  service: Exclude<ServiceName, 'web'>,
  nodeEnv: StackOptions['nodeEnv'] = 'production',
): string[] {
  return [...nodeFlags(service, nodeEnv), join(ROOT, 'apps', service, entryPoints[service])];
}

function nodeFlags(service: ServiceName, nodeEnv: StackOptions['nodeEnv']): string[] {
  const extra = process.env.STACK_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return [...(nodeEnv === 'production' ? [] : ['--enable-source-maps']), ...memoryFlags[service], ...extra];
}

/**
 * V8's memory settings per service, measured idle, each service alone (issue 11's footprint):
 * - The quiet ones answer a request now and then: a 2 MiB young generation instead of V8's 16 MiB
 *   and `--optimize-for-size` (a heap kept compact, more frequent full collections):
 *   billing-service 106 → 80 MiB resident. Their requests are few; the CPU it costs is theirs.
 * - The streaming path (gateway, chat-service, provider-worker) allocates per delta: a 4 MiB young
 *   generation (chat-service 164 → 145 MiB) and no `--optimize-for-size`, which cost ~13 % more CPU
 *   in the stream bench.
 * The compose file and the Kubernetes manifests pass the same flags on the command line (V8 refuses
 * `--optimize-for-size` in NODE_OPTIONS).
 */
const QUIET = ['--max-semi-space-size=2', '--optimize-for-size'];
const STREAMING = ['--max-semi-space-size=4'];
const memoryFlags: Record<ServiceName, string[]> = {
  'auth-service': QUIET,
  'admin-service': QUIET,
  'billing-service': QUIET,
  web: QUIET,
  gateway: STREAMING,
  'chat-service': STREAMING,
  'provider-worker': STREAMING,
};

/**
 * glibc's malloc, per process:
 * - It gives each thread that mallocs an arena of its own and rarely hands freed memory back; V8's
 *   helper threads made ~12 MiB of such arenas per idle process (chat-service 145 → 133 MiB with 2).
 * - When it frees a block it had mapped, it raises its mmap threshold to that block's size and its
 *   trim threshold to twice that, so after the start (module sources read, code compiled) it kept
 *   tens of MiB it no longer used. Setting the trim threshold (to glibc's own default, 128 KiB) turns
 *   that adjustment off: freed memory goes back, and the mmap threshold stays at 128 KiB (a larger
 *   block is mapped and unmapped each time). The seven processes at rest: 697–706 → 655–690 MiB
 *   resident (bench/README.md, "Memory at rest"); no CPU cost measured on socket traffic or in the
 *   stream benchmark.
 */
export const MALLOC_DEFAULTS = { MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072' } as const;
/** The defaults, each overridable from the environment (the compose file and manifests set the same). */
const MALLOC_ENV = {
  MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? MALLOC_DEFAULTS.MALLOC_ARENA_MAX,
  MALLOC_TRIM_THRESHOLD_: process.env.MALLOC_TRIM_THRESHOLD_ ?? MALLOC_DEFAULTS.MALLOC_TRIM_THRESHOLD_,
};

/** The web app runs its standalone build: refuse to start without one. */
function assertWebBuilt(): void {
  const server = join(ROOT, 'apps', 'web', '.next', 'standalone', 'apps', 'web', 'server.js');
  if (!existsSync(server)) {
    throw new Error('apps/web/.next/standalone/apps/web/server.js is missing: run `pnpm build` first');
  }
}

export async function startStack(options: StackOptions) {
  assertServicesBuilt();
  if (options.withWeb !== false) assertWebBuilt();
  const ports = { ...defaultPorts, ...options.ports };
  const output = options.output ?? 'inherit';
  const readyTimeoutMs = options.readyTimeoutMs ?? Number(process.env.STACK_READY_TIMEOUT_MS ?? 90_000);
  const shared: Record<string, string> = {
    NODE_ENV: options.nodeEnv ?? 'production',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: options.redisPrefix ?? 'vivier:',
    INTERNAL_SERVICE_TOKEN: randomBytes(24).toString('hex'),
    AUTH_JWKS_URL: `http://127.0.0.1:${ports['auth-service']}/.well-known/jwks.json`,
    HOST: '127.0.0.1',
    // Absolute, so chat-service (which writes uploads) and provider-worker (which reads them into
    // prompts) share one folder although each runs in its own app directory.
    FILE_STORAGE_DIR: join(DATA_DIR, 'files'),
    ...options.env,
  };
  const running: RunningService[] = [];

  const startNode = (
    service: Exclude<ServiceName, 'web'>,
    env: Record<string, string>,
    label: string = service,
    port = ports[service],
  ) => {
    const started = launch(
      label,
      process.execPath,
      serviceArgs(service, shared.NODE_ENV as StackOptions['nodeEnv']),
      {
        cwd: join(ROOT, 'apps', service),
        env: { ...shared, ...MALLOC_ENV, PORT: String(port), ...env },
        port,
        output,
      },
    );
    running.push(started);
    return started;
  };

  const stop = async () => {
    await Promise.all(running.map((service) => stopService(service)));
  };
  try {
    /** The first process on the service's port, each replica after it on a free port. */
    const startReplicas = async (
      service: ReplicableService,
      env: (index: number) => Record<string, string>,
    ): Promise<RunningService[]> => {
      const count = options.replicas?.[service] ?? 1;
      const started = [startNode(service, env(1))];
      for (let index = 2; index <= count; index++) {
        started.push(startNode(service, env(index), `${service}-${index}`, await freePort()));
      }
      return started;
    };
    // One key for all: admin-service encrypts provider API keys, chat-service and provider-worker
    // decrypt them; auth-service encrypts TOTP and OIDC client secrets with it.
    const providerKey = shared.PROVIDER_KEY_ENCRYPTION_KEY ?? localEncryptionKey();
    const auths = await startReplicas('auth-service', () => ({
      JWT_PRIVATE_KEY: shared.JWT_PRIVATE_KEY ?? localSigningKey(),
      PROVIDER_KEY_ENCRYPTION_KEY: providerKey,
      SMTP_URL: options.smtpUrl,
      PUBLIC_URL: shared.PUBLIC_URL ?? `http://localhost:${ports.gateway}`,
      // Asked at an OIDC sign-in with a group mapping (admin-service owns the groups); started
      // below, on this port, before anyone can sign in.
      ADMIN_SERVICE_URL: `http://127.0.0.1:${ports['admin-service']}`,
    }));
    const auth = auths[0]!;
    // Each billing replica is its own consumer in the bus group.
    const billings = await startReplicas('billing-service', (index) => ({
      BUS_CONSUMER_NAME: `billing-${index}`,
    }));
    const billing = billings[0]!;
    const admins = await startReplicas('admin-service', () => ({
      AUTH_SERVICE_URL: auth.url,
      BILLING_SERVICE_URL: billing.url,
      // The env providers chat-service offers (Admin → Providers); started next, on this port.
      CHAT_SERVICE_URL: `http://127.0.0.1:${ports['chat-service']}`,
      PROVIDER_KEY_ENCRYPTION_KEY: providerKey,
    }));
    const chats = await startReplicas('chat-service', () => ({
      BILLING_SERVICE_URL: billing.url,
      PUBLIC_URL: shared.PUBLIC_URL ?? `http://localhost:${ports.gateway}`,
      PROVIDER_KEY_ENCRYPTION_KEY: providerKey,
    }));
    const workers = await startReplicas('provider-worker', (index) => ({
      WORKER_NAME: `worker-${index}`,
      PROVIDER_KEY_ENCRYPTION_KEY: providerKey,
    }));
    const [admin, chat, worker] = [admins[0]!, chats[0]!, workers[0]!];
    let web: RunningService | undefined;
    if (options.withWeb !== false) {
      // The standalone server of `next build` (output: 'standalone'), as the container runs it.
      const standalone = join(ROOT, 'apps', 'web', '.next', 'standalone', 'apps', 'web');
      // The web app renders pages now and then, like the quiet services.
      const flags = nodeFlags('web', shared.NODE_ENV as StackOptions['nodeEnv']);
      const args = [...flags, join(standalone, 'server.js')];
      web = launch('web', process.execPath, args, {
        cwd: standalone,
        env: {
          ...shared,
          ...MALLOC_ENV,
          NEXT_TELEMETRY_DISABLED: '1',
          PORT: String(ports.web),
          HOSTNAME: '127.0.0.1',
        },
        port: ports.web,
        output,
      });
      running.push(web);
    }
    await Promise.all([
      ...[...auths, ...billings, ...admins, ...chats, ...workers].map((service) =>
        waitUntilReady(service, readyTimeoutMs),
      ),
      web ? waitUntilReady(web, readyTimeoutMs, '/health') : undefined,
    ]);

    const gateway = startNode('gateway', {
      HOST: shared.GATEWAY_HOST ?? '127.0.0.1',
      // Every replica's address: the gateway balances across them.
      AUTH_SERVICE_URL: auths.map((service) => service.url).join(','),
      CHAT_SERVICE_URL: chats.map((service) => service.url).join(','),
      ADMIN_SERVICE_URL: admins.map((service) => service.url).join(','),
      BILLING_SERVICE_URL: billings.map((service) => service.url).join(','),
      WEB_URL: web?.url ?? 'http://127.0.0.1:9',
      // Several stacks (test files, a developer's) run side by side: a free port unless given.
      METRICS_PORT: shared.METRICS_PORT ?? String(await freePort()),
    });
    await waitUntilReady(gateway, readyTimeoutMs);
    return {
      gateway,
      auth,
      chat,
      admin,
      billing,
      worker,
      web,
      /** Every process of each service, the first one included. */
      replicas: {
        'auth-service': auths,
        'billing-service': billings,
        'admin-service': admins,
        'chat-service': chats,
        'provider-worker': workers,
      } satisfies Record<ReplicableService, RunningService[]>,
      services: running,
      /** Another provider-worker process (same group), e.g. to take over from one killed mid-stream. */
      async startExtraWorker(name: string, port: number) {
        const extra = startNode(
          'provider-worker',
          { WORKER_NAME: name, PROVIDER_KEY_ENCRYPTION_KEY: providerKey },
          name,
          port,
        );
        await waitUntilReady(extra, readyTimeoutMs);
        return extra;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export type Stack = Awaited<ReturnType<typeof startStack>>;
