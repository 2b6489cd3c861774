#!/usr/bin/env node
// Entry point of `npm start` / `npm test` on a fresh clone: gets the pinned pnpm (without
// corepack, which cannot verify signatures offline here), installs, then hands over to
// scripts/start.ts or scripts/test.ts. Plain JavaScript: nothing is installed yet when it runs.
// Assumes only `node` and `npm` on PATH; the pnpm it installs is put on PATH for every child
// (turbo looks the package manager up there).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname, delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const wanted = manifest.packageManager.split('@')[1];
const command = process.argv[2];
const tasks = { start: 'scripts/start.ts', test: 'scripts/test.ts' };

/** Every way this script can fail ends in one plain sentence saying what to do. */
function fail(sentence) {
  console.error(`[vivier] ${sentence}`);
  process.exit(1);
}

if (!tasks[command]) {
  console.error(`usage: node scripts/bootstrap.mjs ${Object.keys(tasks).join('|')}`);
  process.exit(2);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  fail(
    `Vivier needs Node.js 20.19 or newer and this is ${process.version}: install a current LTS from https://nodejs.org and try again.`,
  );
}

function run(bin, args, options = {}) {
  const result = spawnSync(bin, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error)
    fail(`could not run ${bin} (${result.error.message}): check that it is installed and on PATH.`);
  // A child killed by Ctrl+C has already said what it had to say.
  if (result.signal) process.exit(1);
  return result.status ?? 1;
}

function pnpmVersion(bin) {
  const result = spawnSync(bin, ['--version'], { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const toolsBin = join(root, '.vivier', 'tools', 'node_modules', '.bin');

/** The directory holding the pinned pnpm, installing it into .vivier/tools when PATH has none. */
function findPnpmDir() {
  const local = join(toolsBin, 'pnpm');
  if (existsSync(local) && pnpmVersion(local) === wanted) return toolsBin;
  if (pnpmVersion('pnpm') === wanted) return undefined;
  console.log(`[vivier] installing pnpm ${wanted} into .vivier/tools`);
  const status = run('npm', [
    'install',
    '--no-save',
    '--no-audit',
    '--no-fund',
    '--prefix',
    join(root, '.vivier', 'tools'),
    `pnpm@${wanted}`,
  ]);
  if (status !== 0 || pnpmVersion(local) !== wanted) {
    fail(
      `could not install pnpm ${wanted} with npm: check your network or npm registry settings, or install it yourself with \`npm install -g pnpm@${wanted}\`.`,
    );
  }
  return toolsBin;
}

const pnpmDir = findPnpmDir();
const env = {
  ...process.env,
  ...(pnpmDir ? { PATH: `${pnpmDir}${delimiter}${process.env.PATH ?? ''}` } : {}),
  CI: process.env.CI ?? '1',
  TURBO_TELEMETRY_DISABLED: '1',
  NEXT_TELEMETRY_DISABLED: '1',
};
const installed = run('pnpm', ['install', '--frozen-lockfile'], { env });
if (installed !== 0) {
  fail(
    'installing the dependencies failed (see above): check your network or npm registry settings, then run the command again.',
  );
}
// tsx straight away rather than `pnpm run`, so that a failure's last line is our own sentence.
// Extra arguments reach the task (e.g. `npm start -- --replicas chat=2,worker=2`).
const tsx = join(root, 'node_modules', '.bin', 'tsx');
process.exit(run(tsx, ['--conditions=source', tasks[command], ...process.argv.slice(3)], { env }));
