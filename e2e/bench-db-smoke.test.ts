import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../scripts/lib/stack';

/**
 * The database benchmark's harness keeps working: `--smoke` seeds a tiny scratch database with the
 * project's migrations, runs every search case before and after, and prints the table. No figure
 * is asserted (timing on a shared machine proves nothing); only that every case ran and that the
 * new search found the same chats, in the same order, as the old one.
 */
it('runs the database benchmark in smoke mode', async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench', 'src', 'db', 'main.ts'), '--smoke'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 110_000);
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  expect(status, output).toBe(0);
  const searches = output
    .split('\n')
    .filter((line) => /^\| (typical|heavy) \| (common|mid|rare) /.test(line));
  expect(searches, output).toHaveLength(6);
  for (const row of searches) expect(row, output).toContain('| yes |');
  expect(
    output.split('\n').filter((line) => line.includes('chat list (no `q`)')),
    output,
  ).toHaveLength(2);
}, 120_000);
