import { readFileSync } from 'node:fs';
import type { RunningService } from '../../../scripts/lib/stack';
import { pacedPrompt, type Pipeline } from './arms';
import { settledRss, totalRssKiB } from './memory';
import type { BenchUser } from './setup';
import { round2 } from './stats';

/**
 * Issue 11 §2.3 and §2.5, what the pipeline holds and how much it can move:
 * - memory per **active** stream: the RSS of the gateway + chat-service while `count` slow streams
 *   are all under way, against the same processes with the same sockets open and nothing
 *   streaming, per stream;
 * - frames relayed per core, unpaced: content frames delivered to clients per second of CPU that
 *   the pipeline's processes (gateway, chat-service, provider-worker, and Redis when the bench
 *   started its own) spent meanwhile.
 */

/** CPU seconds a process has used so far (user + system, from /proc/<pid>/stat). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields from after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name, in ticks.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const totalCpuSeconds = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);

/**
 * Waits until the processes use less than `busyShare` of a core over a second (the title jobs,
 * settling and sweeps that follow a burst have run), or `timeoutMs`; answers the seconds waited.
 */
export async function waitForQuiet(pids: number[], timeoutMs = 60_000, busyShare = 0.05): Promise<number> {
  const started = performance.now();
  let before = totalCpuSeconds(pids);
  while (performance.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = totalCpuSeconds(pids);
    if (now - before < busyShare) break;
    before = now;
  }
  return round2((performance.now() - started) / 1000) ?? 0;
}

export interface ActiveStreamSummary {
  streams: number;
  /** Streams that had delivered a delta when memory was read. */
  flowing: number;
  errors: number;
  /** What the first failed stream reported. */
  firstError?: string;
  rssIdleKiB: number;
  rssActiveKiB: number;
  perStreamKiB: number | null;
}

/** Slow streams (one 16-byte delta every 250 ms, 30 s by default): all of them under way at once. */
const slow = (deltas: number) => ({ deltas, bytes: 16, delayMs: 250, leadMs: 0 });

/** The median of `count` RSS readings 250 ms apart: streaming processes never settle. */
async function medianRss(services: RunningService[], count = 8): Promise<number> {
  const readings: number[] = [];
  for (let index = 0; index < count; index += 1) {
    readings.push(totalRssKiB(services));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return readings.sort((a, b) => a - b)[Math.floor(count / 2)]!;
}

export async function measureActiveStreams(options: {
  pipeline: Pipeline;
  /** Users whose chats carry the streams: streams go round-robin over every chat of every user. */
  users: BenchUser[];
  /** The gateway and chat-service. */
  services: RunningService[];
  count: number;
  /** Deltas per stream, 250 ms apart. */
  deltas?: number;
  /** How long to wait for every stream's first delta. */
  startTimeoutMs?: number;
}): Promise<ActiveStreamSummary> {
  const chats = options.users.flatMap((user) => user.chatIds.map((chatId) => ({ user, chatId })));
  if (chats.length === 0) throw new Error('the active-stream measurement needs chats');
  const rssIdleKiB = await settledRss(options.services);
  let flowing = 0;
  let everyStreamFlowing = () => {};
  const allFlowing = new Promise<void>((resolve) => (everyStreamFlowing = resolve));
  const running = Array.from({ length: options.count }, (_, index) => {
    const { user, chatId } = chats[index % chats.length]!;
    return options.pipeline(user, chatId, pacedPrompt(slow(options.deltas ?? 120)), () => {
      flowing += 1;
      if (flowing === options.count) everyStreamFlowing();
    });
  });
  const timeout = setTimeout(everyStreamFlowing, options.startTimeoutMs ?? 25_000);
  await allFlowing;
  clearTimeout(timeout);
  const flowingWhenRead = flowing;
  const rssActiveKiB = await medianRss(options.services);
  const results = await Promise.all(running);
  return {
    streams: options.count,
    flowing: flowingWhenRead,
    errors: results.filter((result) => result.error).length,
    ...(results.find((result) => result.error)?.error
      ? { firstError: results.find((result) => result.error)?.error }
      : {}),
    rssIdleKiB,
    rssActiveKiB,
    perStreamKiB: flowingWhenRead ? round2((rssActiveKiB - rssIdleKiB) / flowingWhenRead) : null,
  };
}

export interface ThroughputSummary {
  streams: number;
  deltasEach: number;
  errors: number;
  framesDelivered: number;
  wallSeconds: number | null;
  cpuSeconds: number | null;
  framesPerSecond: number;
  framesPerCpuSecond: number;
  /** Unpaced, the worker sends what queued during a write as one frame: deltas say more. */
  deltasDelivered: number;
  deltasPerCpuSecond: number;
}

export async function measureThroughput(options: {
  pipeline: Pipeline;
  users: BenchUser[];
  /** Process ids of the pipeline: gateway, chat-service, provider-worker (and Redis if own). */
  pids: number[];
  streams: number;
  deltasEach: number;
}): Promise<ThroughputSummary> {
  const shape = { deltas: options.deltasEach, bytes: 16, delayMs: 0, leadMs: 0 };
  const cpuBefore = totalCpuSeconds(options.pids);
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: options.streams }, (_, index) => {
      const user = options.users[index % options.users.length]!;
      const chatId = user.chatIds[Math.floor(index / options.users.length) % user.chatIds.length]!;
      return options.pipeline(user, chatId, pacedPrompt(shape));
    }),
  );
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = totalCpuSeconds(options.pids) - cpuBefore;
  const framesDelivered = results.reduce((sum, result) => sum + result.frames, 0);
  const deltasDelivered = Math.round(results.reduce((sum, result) => sum + result.chars, 0) / shape.bytes);
  return {
    streams: options.streams,
    deltasEach: options.deltasEach,
    errors: results.filter((result) => result.error).length,
    framesDelivered,
    wallSeconds: round2(wallSeconds),
    cpuSeconds: round2(cpu),
    framesPerSecond: Math.round(framesDelivered / wallSeconds),
    framesPerCpuSecond: cpu > 0 ? Math.round(framesDelivered / cpu) : Number.NaN,
    deltasDelivered,
    deltasPerCpuSecond: cpu > 0 ? Math.round(deltasDelivered / cpu) : Number.NaN,
  };
}
