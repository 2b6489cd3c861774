import type { Redis } from 'ioredis';
import { Gauge, type Registry } from 'prom-client';

/** What a service consumes, for /metrics: its bus streams (with their dead letters) and job queues. */
export interface BacklogSources {
  redis: Pick<Redis, 'xinfo' | 'xlen'>;
  /** Full stream keys (prefix included): each one's consumer groups are reported. */
  streams?: Array<{ stream: string; deadLetterStream: string }>;
  /** Job counts by state per queue name (BullMQ's `getJobCounts`). */
  queues?: Record<string, () => Promise<Record<string, number>>>;
}

interface GroupBacklog {
  group: string;
  pending: number;
  /** Entries not yet delivered to the group; null when Redis cannot tell (after some trims). */
  lag: number | null;
}

/** XINFO GROUPS answers a flat field/value list per group. */
function parseGroups(reply: unknown): GroupBacklog[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((fields: unknown[]) => {
    const info = new Map<string, unknown>();
    for (let index = 0; index + 1 < fields.length; index += 2)
      info.set(String(fields[index]), fields[index + 1]);
    const lag = info.get('lag');
    return {
      group: String(info.get('name')),
      pending: Number(info.get('pending') ?? 0),
      lag: lag === null || lag === undefined ? null : Number(lag),
    };
  });
}

/** A stream no one has written to yet has no groups (XINFO answers "no such key"). */
async function groupsOf(redis: BacklogSources['redis'], stream: string): Promise<GroupBacklog[]> {
  try {
    return parseGroups(await redis.xinfo('GROUPS', stream));
  } catch (error) {
    if (error instanceof Error && /no such key/i.test(error.message)) return [];
    throw error;
  }
}

const READ_TIMEOUT_MS = 2_000;

/** A read that fails or outlasts READ_TIMEOUT_MS gives undefined: its gauge is left out of this scrape. */
async function bounded<T>(read: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), READ_TIMEOUT_MS);
  });
  try {
    return await Promise.race([read.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Gauges read from Redis at each scrape: consumer-group lag and pending entries, dead-letter
 * stream lengths, and job-queue depth. While Redis is down (or slow) they are left out, so a
 * scrape still answers within a bounded time with everything else.
 */
export function registerBacklogMetrics(registry: Registry, sources: BacklogSources): void {
  const { redis, streams = [], queues = {} } = sources;
  const registers = [registry];
  new Gauge({
    name: 'bus_consumer_group_lag',
    help: 'Entries in the stream not yet delivered to the consumer group',
    labelNames: ['stream', 'group'],
    registers,
    async collect() {
      this.reset();
      for (const { stream } of streams) {
        for (const { group, lag } of (await bounded(groupsOf(redis, stream))) ?? []) {
          if (lag !== null) this.set({ stream, group }, lag);
        }
      }
    },
  });
  new Gauge({
    name: 'bus_consumer_group_pending',
    help: 'Entries delivered to the consumer group and not acknowledged yet',
    labelNames: ['stream', 'group'],
    registers,
    async collect() {
      this.reset();
      for (const { stream } of streams) {
        for (const { group, pending } of (await bounded(groupsOf(redis, stream))) ?? []) {
          this.set({ stream, group }, pending);
        }
      }
    },
  });
  new Gauge({
    name: 'bus_dead_letter_entries',
    help: 'Entries in the dead-letter stream (given up after too many deliveries, or malformed)',
    labelNames: ['stream'],
    registers,
    async collect() {
      this.reset();
      for (const { deadLetterStream } of streams) {
        const length = await bounded(redis.xlen(deadLetterStream));
        if (length !== undefined) this.set({ stream: deadLetterStream }, length);
      }
    },
  });
  new Gauge({
    name: 'queue_jobs',
    help: 'Jobs in the queue by state (waiting, active, delayed, failed)',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      this.reset();
      for (const [queue, jobCounts] of Object.entries(queues)) {
        const counts = (await bounded(jobCounts())) ?? {};
        for (const [state, count] of Object.entries(counts)) this.set({ queue, state }, count);
      }
    },
  });
}
