/**
 * `npm test`: every check CI runs — build, typecheck, lint, then every vitest suite (unit,
 * integration on real PostgreSQL/Redis, end-to-end with real processes) against a fresh database.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolveInfrastructure } from './lib/infrastructure';
import { ROOT } from './lib/stack';

const pnpm = process.env.VIVIER_PNPM ?? 'pnpm';
const log = (message: string) => console.log(`[vivier] ${message}`);

const infrastructure = await resolveInfrastructure({ preferContainers: true });
const env: NodeJS.ProcessEnv = {
  ...process.env,
  TEST_DATABASE_URL: infrastructure.postgresServerUrl,
  REDIS_URL: infrastructure.redisUrl,
  TURBO_TELEMETRY_DISABLED: '1',
  NEXT_TELEMETRY_DISABLED: '1',
};
delete env.DATABASE_URL;

// Browser tests drive Debian's Chromium (never a downloaded browser); install it when missing.
if (!existsSync('/usr/bin/chromium')) {
  log('installing Chromium from Debian packages for the browser tests');
  const aptGet = ['apt-get', 'install', '-y', 'chromium'];
  const [command, ...args] = process.getuid?.() === 0 ? aptGet : ['sudo', ...aptGet];
  const install = spawnSync(command!, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (install.status !== 0) {
    log('could not install chromium (apt-get install -y chromium); the browser tests will fail');
  }
}

const steps: Array<[string, string[]]> = [
  ['build and typecheck', ['exec', 'turbo', 'run', 'build', 'typecheck', '--output-logs=errors-only']],
  ['typecheck scripts and end-to-end tests', ['exec', 'tsc', '-p', 'tsconfig.json']],
  ['lint', ['run', 'lint']],
  ['tests', ['exec', 'vitest', 'run']],
  ['browser tests (Playwright + Chromium)', ['--filter', '@vivier/web', 'e2e']],
];

let failed = false;
for (const [label, args] of steps) {
  log(label);
  const result = spawnSync(pnpm, args, { cwd: ROOT, stdio: 'inherit', env });
  if (result.status !== 0) {
    log(`${label} failed`);
    failed = true;
    break;
  }
}
await infrastructure.stop();
process.exit(failed ? 1 : 0);
