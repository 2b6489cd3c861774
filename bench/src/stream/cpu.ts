/**
 * CPU per exchange, per process (issue 11, the send path): what each service of the pipeline spends
 * on one streamed answer, read from Linux's own accounting rather than from wall-clock latency, so
 * the figure holds on a machine other work shares.
 *
 *   node --import tsx bench/src/stream/cpu.ts [--concurrency 10] [--waves 10] [--deltas 1,64]
 *
 * For each reply shape (`--deltas`: 1 is "everything before the first token, plus the end of the
 * answer"; 64 is the benchmark's paced reply), after a warm-up, it runs `waves` waves of
 * `concurrency` full-pipeline streams (arm F) and reads every service's CPU time before and after:
 * the process's user + system time (`/proc/<pid>/stat`, all threads: GC and libuv included) and the
 * main thread's time on CPU (`/proc/<pid>/task/<pid>/schedstat`, ns: the event loop, where sends
 * queue behind each other). Printed per exchange in ms. The difference between the two shapes,
 * ÷ 63, is the cost of one delta.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { createPipelineArm, pacedPrompt } from './arms';
import { closeUsers, createUsers, startEnvironment } from './setup';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '10' },
    waves: { type: 'string', default: '10' },
    deltas: { type: 'string', default: '1,64' },
  },
});
const concurrency = Number(values.concurrency);
const waves = Number(values.waves);
const shapes = values.deltas.split(',').map((deltas) => ({
  deltas: Number(deltas),
  bytes: 16,
  delayMs: 20,
  leadMs: 20,
}));

const TICKS_PER_SECOND = 100;

/** utime + stime of the whole process, ms. */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Time the main thread (the event loop) spent on a CPU, ms. */
function mainThreadCpuMs(pid: number): number {
  const [onCpuNs] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ');
  return Number(onCpuNs) / 1e6;
}

/**
 * CPU ms of every PostgreSQL process, by pid: the send's statement, the worker's claim and the
 * settle are paid there too. A backend that started in between counts from zero.
 */
function postgresCpuMs(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      byPid.set(pid, processCpuMs(pid));
    } catch {
      // gone between the listing and the read
    }
  }
  return byPid;
}

function postgresDeltaMs(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** Calls and CPU µs per command in Redis (`INFO commandstats`), by command name. */
async function commandStats(redis: Redis): Promise<Map<string, { calls: number; usec: number }>> {
  const stats = new Map<string, { calls: number; usec: number }>();
  for (const line of (await redis.info('commandstats')).split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(line);
    if (match) stats.set(match[1]!, { calls: Number(match[2]), usec: Number(match[3]) });
  }
  return stats;
}

const environment = await startEnvironment();
const redisStats = new Redis(environment.redisUrl);
try {
  const services = environment.stack.services
    .filter((service) =>
      ['gateway', 'chat-service', 'provider-worker', 'billing-service', 'auth-service'].includes(
        service.name,
      ),
    )
    .map((service) => ({ name: service.name, pid: service.child.pid! }));
  // The bench's own redis-server serves only this pipeline: its CPU is part of every exchange's cost
  // (a multiplexed XREAD, for one, is paid in Redis as much as in the relay).
  if (environment.redisPid !== undefined) services.push({ name: 'redis', pid: environment.redisPid });
  const users = await createUsers(environment.gatewayUrl, concurrency, 1, 'cpu');
  const pipeline = createPipelineArm(environment.gatewayUrl);
  const wave = async (shape: (typeof shapes)[number]) => {
    const results = await Promise.all(
      users.map((user) => pipeline(user, user.chatIds[0]!, pacedPrompt(shape))),
    );
    const failed = results.filter((result) => result.error);
    if (failed.length > 0) throw new Error(`${failed.length} streams failed: ${failed[0]!.error}`);
  };
  // Warm-up: JIT, connections, hot allowances, the first message's title job.
  for (let index = 0; index < 3; index += 1) await wave(shapes[0]!);
  await new Promise((resolve) => setTimeout(resolve, 2000));

  const rows: string[] = [];
  const commandRows: string[] = [];
  for (const shape of shapes) {
    const read = () =>
      services.map((service) => ({
        process: processCpuMs(service.pid),
        main: mainThreadCpuMs(service.pid),
      }));
    const before = read();
    const postgresBefore = postgresCpuMs();
    const commandsBefore = await commandStats(redisStats);
    // CLOCK_MONOTONIC in µs, the clock of a .cpuprofile's timestamps: the window to read in profiles.
    const windowStart = process.hrtime.bigint() / 1000n;
    for (let index = 0; index < waves; index += 1) await wave(shape);
    // Let the settle, the usage event and any job after the answer finish inside the window.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = read();
    const postgresAfter = postgresCpuMs();
    const commandsAfter = await commandStats(redisStats);
    console.log(
      `[cpu] ${shape.deltas} deltas: profile window ${windowStart} ${process.hrtime.bigint() / 1000n}`,
    );
    const exchanges = waves * concurrency;
    services.forEach((service, index) => {
      const processMs = (after[index]!.process - before[index]!.process) / exchanges;
      const mainMs = (after[index]!.main - before[index]!.main) / exchanges;
      rows.push(`| ${shape.deltas} | ${service.name} | ${processMs.toFixed(2)} | ${mainMs.toFixed(2)} |`);
    });
    // Every PostgreSQL process on the machine: run it on a machine no other work uses.
    const postgresMs = postgresDeltaMs(postgresBefore, postgresAfter) / exchanges;
    rows.push(`| ${shape.deltas} | postgres (all) | ${postgresMs.toFixed(2)} | – |`);
    // Where Redis's own CPU goes: the relay's XREAD against the worker's XADD, per exchange.
    const busiest = [...commandsAfter]
      .map(([name, { calls, usec }]) => {
        const earlier = commandsBefore.get(name) ?? { calls: 0, usec: 0 };
        return { name, calls: calls - earlier.calls, usec: usec - earlier.usec };
      })
      .filter(({ calls }) => calls > 0)
      .sort((a, b) => b.usec - a.usec)
      .slice(0, 10);
    for (const { name, calls, usec } of busiest) {
      commandRows.push(
        `| ${shape.deltas} | ${name} | ${(calls / exchanges).toFixed(1)} | ${(usec / calls).toFixed(1)} | ${(usec / exchanges / 1000).toFixed(2)} |`,
      );
    }
  }
  closeUsers(users);
  console.log(
    `\nCPU per exchange, ${waves} waves of ${concurrency} streams per shape; load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}\n`,
  );
  console.log('| deltas | process | process CPU ms | main thread CPU ms |');
  console.log('| --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
  if (environment.redisPid === undefined)
    console.log('\nRedis is shared (BENCH_REDIS=shared): its commands below include other clients’.');
  console.log('\n| deltas | redis command | calls per exchange | µs per call | ms per exchange |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const row of commandRows) console.log(row);
} finally {
  redisStats.disconnect();
  await environment.close();
}
