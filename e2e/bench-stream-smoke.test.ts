import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../scripts/lib/stack';

/**
 * The stream benchmark's harness keeps working: `--smoke` starts its own stack, runs every arm
 * (D, F, P) at one and two streams with a short reply, then the gateway HTTP, cost and memory
 * suites, the active-stream and unpaced-relay measurements, and prints the table. No figure is asserted (timing on a shared machine proves
 * nothing); only that every stream was delivered whole, without errors, and every suite reported.
 */
it('runs the stream benchmark in smoke mode', async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench', 'src', 'stream', 'main.ts'), '--smoke'],
    {
      cwd: ROOT,
      env: { ...process.env, STACK_READY_TIMEOUT_MS: '240000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 280_000);
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  expect(status, output).toBe(0);
  const rows = output.split('\n').filter((line) => /^\d+ streams?\s+[FP] − D/.test(line));
  expect(rows, output).toHaveLength(4);
  // errors 0, delivered 100 % on every row
  for (const row of rows) expect(row, output).toMatch(/\s0\s+100\.00 %/);
  expect(output).toMatch(/^Gateway HTTP .* 0 failed requests\.$/m);
  expect(output).toMatch(/^Cost of a 1000-token answer \(1 streams, 0 errors\)/m);
  expect(output).toMatch(/^Memory: 50 idle WebSockets/m);
  expect(output).toMatch(/^Active streams: 10 of 10 slow streams under way at once \(0 errors\)/m);
  expect(output).toMatch(
    /^Unpaced relay: 2 streams × 100 deltas \(0 errors\), \d+ frames .* \(200 delivered,/m,
  );
}, 300_000);
