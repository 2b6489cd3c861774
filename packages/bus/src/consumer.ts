import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { ConsumeSettings, type ConsumeOptions, type Consumer } from './consume-options';
import { ensureConsumerGroup, isNoGroupError } from './consumer-group';
import type { BusLogger } from './logger';
import { createEntryProcessor } from './process-entry';
import { refreshClaims } from './refresh-claims';
import { trimAcknowledged } from './trim-acknowledged';
import { createSemaphore } from './semaphore';
import { sleep } from './sleep';
import { parseAutoClaimReply, parseReadGroupReply, type StreamEntry } from './stream-replies';

export interface ConsumerDeps<T> {
  redis: Redis;
  logger: BusLogger;
  prefix: string;
  schema: z.ZodType<T>;
  deadLetterMaxLen: number;
}

const MAX_RETRY_DELAY_MS = 5_000;
/** How often a consumer trims its stream up to what every group has acked (one Lua call). */
const TRIM_INTERVAL_MS = 10_000;

/** Resolves true if `promise` settles within `ms`, false otherwise. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const timeout = new AbortController();
  const settled = await Promise.race([promise.then(() => true), sleep(ms, timeout.signal).then(() => false)]);
  timeout.abort();
  return settled;
}

export function startConsumer<T>(deps: ConsumerDeps<T>, options: ConsumeOptions<T>): Consumer {
  const settings = ConsumeSettings.parse(options);
  const { redis, logger } = deps;
  const { group, consumer, concurrency } = settings;
  const stream = deps.prefix + settings.stream;
  const where = { stream, group, consumer };

  // XREADGROUP BLOCK holds its connection for up to blockMs, so reads get their own. A caller's
  // commandTimeout would fail every block; blockingTimeout instead only catches a dead socket.
  const reader = redis.duplicate({
    commandTimeout: undefined,
    blockingTimeout: settings.blockMs,
    blockingTimeoutGrace: 5_000,
    enableAutoPipelining: false, // one blocking read at a time: nothing to batch
    connectionName: `bus:${group}:${consumer}`.replace(/[^\x21-\x7e]/g, '_'),
  });
  // The read loop logs failures with context; this only keeps ioredis from printing them raw.
  reader.on('error', (error: unknown) =>
    logger.debug({ ...where, err: error }, 'bus reader connection error'),
  );

  const loops = new AbortController();
  const handlers = new AbortController();
  const slots = createSemaphore(concurrency);
  /**
   * Entries delivered to this consumer and not settled yet. The heartbeat keeps them claimed until
   * their handler has returned (`isSettling`), after which they are acked or left to go idle.
   */
  const held = new Map<string, { task: Promise<void>; isSettling: boolean; claim: AbortController }>();
  let capacityWaiters: Array<() => void> = [];
  let isStopping = false;

  const processEntry = createEntryProcessor({
    redis,
    logger,
    stream,
    group,
    consumer,
    deadLetterStream: deps.prefix + (settings.deadLetterStream ?? `${settings.stream}:dead`),
    deadLetterMaxLen: deps.deadLetterMaxLen,
    maxDeliveries: settings.maxDeliveries,
    schema: deps.schema,
    handler: options.handler,
    onDeadLetter: options.onDeadLetter,
    signal: handlers.signal,
  });

  function wakeCapacityWaiters() {
    const waiters = capacityWaiters;
    capacityWaiters = [];
    for (const wake of waiters) wake();
  }

  async function waitForCapacity() {
    while (!isStopping && held.size >= concurrency) {
      await new Promise<void>((resolve) => capacityWaiters.push(resolve));
    }
  }

  function dispatch(entries: StreamEntry[], knownDeliveries?: number) {
    for (const entry of entries) {
      if (held.has(entry.id)) continue; // our own entry came back through a re-read or a claim
      const record = { task: Promise.resolve(), isSettling: false, claim: new AbortController() };
      const onSettling = () => (record.isSettling = true);
      record.task = (async () => {
        // The read and claim paths can together overshoot `concurrency`; the semaphore caps handlers.
        await slots.acquire();
        try {
          // After stop() queued entries are left pending for the group instead of started.
          if (!isStopping)
            await processEntry(entry, { knownDeliveries, onSettling, claimLost: record.claim.signal });
        } finally {
          slots.release();
        }
      })().finally(() => {
        held.delete(entry.id);
        wakeCapacityWaiters();
      });
      held.set(entry.id, record);
    }
  }

  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  async function readLoop() {
    let isGroupReady = false;
    let cursor = '0'; // our own pending entries first (a restart after a crash), then new ones
    let failures = 0;
    while (!isStopping) {
      try {
        if (!isGroupReady) {
          await ensureConsumerGroup(reader, stream, group);
          isGroupReady = true;
          markReady();
        }
        await waitForCapacity();
        if (isStopping) break;
        const count = concurrency - held.size;
        if (cursor === '>') {
          const reply = await reader.xreadgroup(
            'GROUP',
            group,
            consumer,
            'COUNT',
            count,
            'BLOCK',
            settings.blockMs,
            'STREAMS',
            stream,
            '>',
          );
          dispatch(parseReadGroupReply(reply), 1);
        } else {
          const entries = parseReadGroupReply(
            await reader.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'STREAMS', stream, cursor),
          );
          cursor = entries.at(-1)?.id ?? '>';
          dispatch(entries);
        }
        failures = 0;
      } catch (error) {
        if (isStopping) break;
        if (isNoGroupError(error)) isGroupReady = false;
        failures += 1;
        const delayMs = Math.min(100 * 2 ** Math.min(failures - 1, 10), MAX_RETRY_DELAY_MS);
        logger.warn({ ...where, err: error, retryInMs: delayMs }, 'bus read failed; retrying');
        await sleep(delayMs, loops.signal);
      }
    }
  }

  async function refreshHeld() {
    const ids = [...held].filter(([, record]) => !record.isSettling).map(([id]) => id);
    if (ids.length === 0) return;
    const { owned, gone } = await refreshClaims(redis, stream, group, consumer, ids);
    const kept = new Set([...owned, ...gone]);
    for (const id of ids) {
      const record = held.get(id);
      if (kept.has(id) || !record || record.isSettling || record.claim.signal.aborted) continue;
      logger.warn(
        { ...where, entryId: id },
        'bus entry was taken over by another consumer while still being handled here; stopping it',
      );
      record.claim.abort();
    }
    // Not pending for anyone (the stream was trimmed, or Redis lost its data): nobody else will
    // run it, so the handler here carries on; its ack is then a no-op.
    if (gone.length > 0)
      logger.warn({ ...where, entryIds: gone }, 'bus entries being handled are no longer pending');
  }

  let claimCursor = '0-0';
  async function claimIdle() {
    const free = concurrency - held.size;
    if (free <= 0) return; // claiming more than we can start would just make them idle again here
    const reply = await redis.xautoclaim(
      stream,
      group,
      consumer,
      settings.claimIdleMs,
      claimCursor,
      'COUNT',
      free,
    );
    const { cursor, entries, deletedIds } = parseAutoClaimReply(reply);
    claimCursor = cursor;
    if (deletedIds.length > 0) {
      logger.warn(
        { ...where, entryIds: deletedIds },
        'pending bus entries were trimmed before being handled; dropped',
      );
    }
    if (entries.length > 0)
      logger.info({ ...where, entryIds: entries.map((entry) => entry.id) }, 'bus reclaimed idle entries');
    dispatch(entries);
  }

  const maintenanceIntervalMs = Math.max(10, Math.floor(settings.claimIdleMs / 3));
  let maintenanceTimer: NodeJS.Timeout | undefined;
  let maintenanceRun: Promise<void> = Promise.resolve();
  let isFinished = false;

  // A timeout chain rather than setInterval so a slow Redis never stacks up overlapping runs.
  function scheduleMaintenance() {
    maintenanceTimer = setTimeout(() => {
      maintenanceRun = maintain().finally(() => {
        if (!isFinished) scheduleMaintenance();
      });
    }, maintenanceIntervalMs);
  }

  let lastTrimAt = 0;
  async function trimIfDue() {
    if (Date.now() - lastTrimAt < TRIM_INTERVAL_MS) return;
    lastTrimAt = Date.now();
    const removed = await trimAcknowledged(redis, stream);
    if (removed > 0) logger.debug({ ...where, removed }, 'bus stream trimmed up to what every group acked');
  }

  async function maintain() {
    try {
      await refreshHeld();
      // While stopping, only the heartbeat runs: in-flight handlers keep their entries.
      if (!isStopping) await claimIdle();
      if (!isStopping) await trimIfDue();
    } catch (error) {
      logger.warn({ ...where, err: error }, 'bus reclaim failed; will retry');
    }
  }

  const loopDone = readLoop();
  // Claims before the group exists would only fail with NOGROUP.
  void ready.then(() => {
    if (!isStopping) scheduleMaintenance();
  });

  let stopping: Promise<void> | undefined;
  async function shutdown() {
    isStopping = true;
    loops.abort();
    wakeCapacityWaiters();
    reader.disconnect(); // rejects the blocked XREADGROUP instead of waiting out blockMs
    await loopDone;
    const isDrained = await settlesWithin(
      Promise.all([...held.values()].map((record) => record.task)),
      settings.stopTimeoutMs,
    );
    if (!isDrained) {
      handlers.abort();
      logger.warn(
        { ...where, entryIds: [...held.keys()] },
        'bus consumer stopped with handlers still running; their entries stay pending for the group',
      );
    }
    isFinished = true;
    clearTimeout(maintenanceTimer);
    await settlesWithin(maintenanceRun, settings.stopTimeoutMs);
    markReady();
  }

  return {
    ready,
    stop: () => (stopping ??= shutdown()),
  };
}
