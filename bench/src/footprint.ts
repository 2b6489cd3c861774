/**
 * The stack's memory at rest (the brief's footprint goal: the seven processes ≤ 600 MiB once
 * compiled): `npm start`'s own code (scripts/start.ts: build, migrate, seed, start) on its usual
 * ports, then, once the gateway and the web app answer and the processes have been idle for
 * `--idle` seconds, the resident memory of every process it started.
 *
 *   pnpm bench:footprint [--idle 30]
 *
 * Two figures per process, from `/proc/<pid>/smaps_rollup`: RSS, which counts the pages of the
 * `node` binary every process maps (shared, ~44 MiB each here) once per process, and PSS, which
 * divides shared pages among their users: the sum of PSS is the memory the stack really takes.
 * The goal is read on RSS. Ports 3000–3001 and 4001–4005 must be free (no stack running).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { processesInGroup } from '../../scripts/lib/process-group';
import { ROOT } from '../../scripts/lib/stack';

const { values } = parseArgs({ options: { idle: { type: 'string', default: '30' } } });
const idleSeconds = Number(values.idle);
const READY_TIMEOUT_MS = 300_000;

/** `Rss` and `Pss` of one process, KiB; undefined once it is gone. */
function memoryOf(pid: number): { rss: number; pss: number } | undefined {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
    return { rss: field('Rss'), pss: field('Pss') };
  } catch {
    return undefined;
  }
}

/** The service a command line runs (`apps/<name>/…`, the web app's standalone server), if any. */
function serviceOf(command: string): string | undefined {
  // Next.js renames its server process (`next-server (v16…)`).
  if (command.startsWith('next-server') || /standalone\/apps\/web\/server\.js/.test(command)) return 'web';
  return /apps\/([a-z-]+)\/dist\//.exec(command)?.[1];
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

const start = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'scripts/start.ts'], {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'pipe'],
  // A process group of its own, so the whole stack can be stopped together.
  detached: true,
});
/** The last lines the start script printed, shown when it does not start. */
const output: string[] = [];
for (const stream of [start.stdout, start.stderr]) {
  stream.on('data', (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n'));
    output.splice(0, Math.max(0, output.length - 50));
  });
}
const exited = new Promise<void>((resolve) => start.once('exit', () => resolve()));
const hasExited = () => start.exitCode !== null || start.signalCode !== null;

/** Sends `signal` to the stack's process group; false once nothing of it is left. */
function signalStack(signal: NodeJS.Signals): boolean {
  try {
    process.kill(-start.pid!, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Stops every process of the group, as Ctrl+C stops `npm start`: SIGINT, then SIGKILL after 30 s. */
async function stopStack(): Promise<void> {
  if (!signalStack('SIGINT')) return;
  const patience = new AbortController();
  await Promise.race([exited, sleep(30_000, undefined, { signal: patience.signal }).catch(() => undefined)]);
  patience.abort();
  // Whatever of the group outlived the start script (or the 30 s) goes now.
  signalStack('SIGKILL');
}

// Ctrl+C reaches this process only (the stack has its own group): pass it on before leaving.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopStack().finally(() => process.exit(130));
  });
}

try {
  if (!Number.isFinite(idleSeconds) || idleSeconds < 0) throw new Error('--idle takes a number of seconds');
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!((await answers('http://127.0.0.1:3000/ready')) && (await answers('http://127.0.0.1:3001/')))) {
    if (hasExited() || Date.now() > deadline) {
      throw new Error(`the stack did not start:\n${output.slice(-30).join('\n')}`);
    }
    await sleep(1_000);
  }
  console.log(`[footprint] the stack answers; idle for ${idleSeconds} s`);
  await sleep(idleSeconds * 1_000);

  const rows = processesInGroup(start.pid!).flatMap(({ pid, command }) => {
    const service = serviceOf(command);
    const memory = service ? memoryOf(pid) : undefined;
    return service && memory ? [{ service, ...memory }] : [];
  });
  rows.sort((a, b) => a.service.localeCompare(b.service));
  const mib = (kib: number) => (kib / 1024).toFixed(1);
  console.log('\n| process | RSS MiB | PSS MiB |\n| --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.service} | ${mib(row.rss)} | ${mib(row.pss)} |`);
  const total = rows.reduce((sum, row) => ({ rss: sum.rss + row.rss, pss: sum.pss + row.pss }), {
    rss: 0,
    pss: 0,
  });
  console.log(`| **${rows.length} processes** | **${mib(total.rss)}** | **${mib(total.pss)}** |`);
} finally {
  await stopStack();
}
