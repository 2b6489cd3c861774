#!/usr/bin/env node
// Entry point of `npm start` / `npm test` on a fresh clone: gets the pinned pnpm (without
// corepack, which cannot verify signatures offline here), installs, then hands over to
// scripts/start.ts or scripts/test.ts. Plain JavaScript: nothing is installed yet when it runs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const command = process.argv[2];
const tasks = { start: 'stack', test: 'test:all' };
if (!tasks[command]) {
  console.error(`usage: node scripts/bootstrap.mjs ${Object.keys(tasks).join('|')}`);
  process.exit(2);
}

function run(bin, args, options = {}) {
  const result = spawnSync(bin, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function pnpmVersion(bin) {
  const result = spawnSync(bin, ['--version'], { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function findPnpm() {
  if (pnpmVersion('pnpm') === wanted) return 'pnpm';
  const local = join(root, '.vivier', 'tools', 'node_modules', '.bin', 'pnpm');
  if (existsSync(local) && pnpmVersion(local) === wanted) return local;
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
    console.error(`[vivier] could not install pnpm ${wanted} with npm`);
    process.exit(1);
  }
  return local;
}

const pnpm = findPnpm();
const env = {
  ...process.env,
  CI: process.env.CI ?? '1',
  TURBO_TELEMETRY_DISABLED: '1',
  NEXT_TELEMETRY_DISABLED: '1',
};
const installed = run(pnpm, ['install', '--frozen-lockfile'], { env });
if (installed !== 0) process.exit(installed);
process.exit(run(pnpm, ['run', tasks[command]], { env: { ...env, VIVIER_PNPM: pnpm } }));
