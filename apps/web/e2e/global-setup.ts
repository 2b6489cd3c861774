import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const WEB_DIR = join(import.meta.dirname, '..');
const READY_PREFIX = 'VIVIER_E2E_READY ';

/** The stack runner's ready line. */
interface StackState {
  baseUrl: string;
  mailboxUrl: string;
  fakeRequestsUrl?: string;
  /** The SearXNG stand-in an admin can set as the web search URL (tools.spec.ts). */
  searchUrl?: string;
  databaseUrl?: string;
  redisUrl?: string;
  redisPrefix?: string;
  adminEmail?: string;
  adminPassword?: string;
  idpIssuer?: string;
}

/**
 * Starts the stack in a child process (tsx runs the workspace's TypeScript as the services
 * themselves do) and waits for its ready line; the returned function stops it. The web app is
 * built first when there is no build (`E2E_REBUILD=1` forces a fresh one).
 */
export default async function globalSetup() {
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error(
      "Chromium is missing: install Debian's package with `apt-get install -y chromium` (never `playwright install`).",
    );
  }
  if (
    process.env.E2E_REBUILD === '1' ||
    !existsSync(join(WEB_DIR, '.next', 'standalone', 'apps', 'web', 'server.js'))
  ) {
    const build = spawnSync('pnpm', ['--filter', '@vivier/web', 'build'], {
      cwd: WEB_DIR,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    if (build.status !== 0) throw new Error('`pnpm --filter @vivier/web build` failed');
  }

  const runner: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(WEB_DIR, 'e2e', 'support', 'stack-runner.ts')],
    {
      cwd: WEB_DIR,
      env: process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const state = await new Promise<StackState>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the stack did not start within 240 s')), 240_000);
    runner.once('exit', (code) =>
      reject(new Error(`the stack runner exited with ${code} before it was ready`)),
    );
    createInterface({ input: runner.stdout! }).on('line', (line) => {
      if (line.startsWith(READY_PREFIX)) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(READY_PREFIX.length)) as StackState);
      } else {
        process.stdout.write(`[stack] ${line}\n`);
      }
    });
  });
  // Workers start after the global setup and inherit these.
  process.env.E2E_BASE_URL = state.baseUrl;
  process.env.E2E_MAILBOX_URL = state.mailboxUrl;
  if (state.fakeRequestsUrl) process.env.E2E_FAKE_REQUESTS_URL = state.fakeRequestsUrl;
  if (state.searchUrl) process.env.E2E_SEARCH_URL = state.searchUrl;
  if (state.databaseUrl) process.env.E2E_DATABASE_URL = state.databaseUrl;
  if (state.redisUrl) process.env.E2E_REDIS_URL = state.redisUrl;
  if (state.redisPrefix) process.env.E2E_REDIS_PREFIX = state.redisPrefix;
  if (state.idpIssuer) process.env.E2E_IDP_ISSUER = state.idpIssuer;
  if (state.adminEmail && state.adminPassword) {
    process.env.E2E_ADMIN_EMAIL = state.adminEmail;
    process.env.E2E_ADMIN_PASSWORD = state.adminPassword;
  }

  return async () => {
    if (runner.exitCode !== null) return;
    const exited = new Promise((resolve) => runner.once('exit', resolve));
    runner.kill('SIGTERM');
    const timer = setTimeout(() => runner.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };
}
