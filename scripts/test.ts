/**
 * `npm test`: every check CI runs — build, typecheck, lint, then every vitest suite (unit,
 * integration on real PostgreSQL/Redis, end-to-end with real processes) against a fresh database.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolveInfrastructure } from './lib/infrastructure';
import { exitWith, StartError } from './lib/plain-error';
import { ROOT } from './lib/stack';

const log = (message: string) => console.log(`[vivier] ${message}`);

const infrastructure = await resolveInfrastructure({ preferContainers: true }).catch(exitWith);
const env: NodeJS.ProcessEnv = {
  ...process.env,
  TEST_DATABASE_URL: infrastructure.postgresServerUrl,
  REDIS_URL: infrastructure.redisUrl,
  TURBO_TELEMETRY_DISABLED: '1',
  NEXT_TELEMETRY_DISABLED: '1',
};
delete env.DATABASE_URL;

// Browser tests drive Debian's Chromium (never a downloaded browser). Run as root (CI, a
// container) we install it when missing; otherwise we say how and never call sudo ourselves.
if (!existsSync('/usr/bin/chromium')) {
  if (process.getuid?.() === 0) {
    log('installing Chromium from Debian packages for the browser tests');
    const install = spawnSync('apt-get', ['install', '-y', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (install.status !== 0) log('could not install chromium (apt-get install -y chromium)');
  }
  if (!existsSync('/usr/bin/chromium')) {
    await infrastructure.stop();
    exitWith(
      new StartError(
        'the browser tests need Chromium at /usr/bin/chromium: install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), then run `npm test` again.',
      ),
    );
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
  const result = spawnSync('pnpm', args, { cwd: ROOT, stdio: 'inherit', env });
  if (result.status !== 0) {
    log(`${label} failed`);
    failed = true;
    break;
  }
}
await infrastructure.stop();
process.exit(failed ? 1 : 0);
