import type { Redis } from 'ioredis';
import type { StreamFrame } from '@vivier/contracts';
import { isTerminalFrame, type FrameBody, type GenerationStreams } from '@vivier/bus';
import type { Logger } from '@vivier/service-kit';
import { compareStreamIds, nextStreamId } from '../lib/stream-ids';
import { createReaderPool } from './reader-pool';

export interface FrameRelayDeps {
  streams: Pick<GenerationStreams, 'read' | 'range' | 'exists'>;
  /** A new Redis connection; XREAD BLOCK ties one up per watched generation. */
  connectReader: () => Redis;
  /** The ending of a generation whose stream has expired (undefined while it still runs). */
  endingFrames: (generationId: string) => Promise<FrameBody[] | undefined>;
  logger: Logger;
  blockMs?: number;
  retryDelayMs?: number;
}

export type FrameListener = (frame: StreamFrame) => void;

interface Subscriber {
  /** The last frame id this subscriber has seen (`0-0`: none); nothing at or before it is sent again. */
  lastId: string;
  listener: FrameListener;
  /** False while catching up from the stream; live frames wait in `pending` meanwhile. */
  isLive: boolean;
  pending: StreamFrame[];
  isClosed: boolean;
}

interface Watch {
  generationId: string;
  cursor: string;
  subscribers: Set<Subscriber>;
}

const START = '0-0';
const RANGE_PAGE = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Relays generation frames from Redis to local subscribers (WebSocket and SSE clients). One
 * reader per watched generation per process, shared by every local subscriber: it XREAD BLOCKs
 * from where it is, and stops at the terminal frame. A subscriber that joins a running watch
 * first catches up with XRANGE from its own last id; live frames that arrive meanwhile are held
 * back and sent after, and every subscriber drops frames at or before its last id, so a client
 * gets each frame once, in order, whichever path it came through.
 */
export function createFrameRelay(deps: FrameRelayDeps) {
  const blockMs = deps.blockMs ?? 5_000;
  const retryDelayMs = deps.retryDelayMs ?? 500;
  const watches = new Map<string, Watch>();
  const readers = createReaderPool(deps.connectReader);
  let isClosing = false;

  function deliver(watch: Watch, subscriber: Subscriber, frame: StreamFrame): void {
    if (subscriber.isClosed || compareStreamIds(frame.id, subscriber.lastId) <= 0) return;
    subscriber.lastId = frame.id;
    if (isTerminalFrame(frame)) remove(watch, subscriber);
    try {
      subscriber.listener(frame);
    } catch (error) {
      deps.logger.warn({ err: error, generationId: watch.generationId }, 'frame listener failed');
    }
  }

  function broadcast(watch: Watch, frame: StreamFrame): void {
    for (const subscriber of [...watch.subscribers]) {
      if (subscriber.isLive) deliver(watch, subscriber, frame);
      else subscriber.pending.push(frame);
    }
  }

  function remove(watch: Watch, subscriber: Subscriber): void {
    subscriber.isClosed = true;
    subscriber.pending = [];
    watch.subscribers.delete(subscriber);
  }

  /**
   * The stream expired (or never existed) but the generation has ended: replay the ending from
   * the database. Synthetic ids start at 0-1; a client that already saw frames gets the end only.
   */
  async function endFromDatabase(watch: Watch): Promise<boolean> {
    if (await deps.streams.exists(watch.generationId)) return false;
    const bodies = await deps.endingFrames(watch.generationId);
    if (!bodies) return false;
    const { generationId } = watch;
    for (const subscriber of [...watch.subscribers]) {
      subscriber.isLive = true;
      const frames: StreamFrame[] =
        subscriber.lastId === START
          ? bodies.map((body, index) => ({ ...body, generationId, id: `0-${index + 1}` }))
          : [{ ...bodies.at(-1)!, generationId, id: nextStreamId(subscriber.lastId) }];
      for (const frame of frames) deliver(watch, subscriber, frame);
    }
    return true;
  }

  const endFromDatabaseOrWait = (watch: Watch) =>
    endFromDatabase(watch).catch((error: unknown) => {
      deps.logger.warn(
        { err: error, generationId: watch.generationId },
        'ending check failed; still waiting',
      );
      return false;
    });

  async function run(watch: Watch): Promise<void> {
    const reader = readers.acquire();
    try {
      let hasEnded = await endFromDatabaseOrWait(watch);
      while (!hasEnded && !isClosing && watch.subscribers.size > 0) {
        let frames: StreamFrame[];
        const readAt = Date.now();
        try {
          frames = await deps.streams.read(reader, watch.generationId, watch.cursor, blockMs);
        } catch (error) {
          if (isClosing) break;
          deps.logger.warn({ err: error, generationId: watch.generationId }, 'frame read failed; retrying');
          await sleep(retryDelayMs);
          continue;
        }
        if (frames.length === 0) {
          hasEnded = await endFromDatabaseOrWait(watch);
          // Nothing parseable, yet the read did not block: the newest entry is not a frame (read()
          // drops it without saying its id). Wait instead of spinning until a real frame follows.
          if (!hasEnded && Date.now() - readAt < blockMs / 2) await sleep(retryDelayMs);
          continue;
        }
        for (const frame of frames) {
          watch.cursor = frame.id;
          broadcast(watch, frame);
          if (isTerminalFrame(frame)) hasEnded = true;
        }
      }
    } finally {
      readers.release(reader, isClosing);
      if (watches.get(watch.generationId) === watch) watches.delete(watch.generationId);
    }
  }

  /** Replays what a late joiner missed, then lets the held-back live frames through. */
  async function catchUp(watch: Watch, subscriber: Subscriber): Promise<void> {
    for (;;) {
      if (subscriber.isClosed || isClosing) return;
      try {
        const frames = await deps.streams.range(
          watch.generationId,
          subscriber.lastId === START ? undefined : subscriber.lastId,
          RANGE_PAGE,
        );
        for (const frame of frames) deliver(watch, subscriber, frame);
        if (frames.length < RANGE_PAGE) break;
      } catch (error) {
        deps.logger.warn({ err: error, generationId: watch.generationId }, 'frame catch-up failed; retrying');
        await sleep(retryDelayMs);
      }
    }
    subscriber.isLive = true;
    const held = subscriber.pending;
    subscriber.pending = [];
    for (const frame of held) deliver(watch, subscriber, frame);
  }

  return {
    /**
     * Calls `listener` with every frame after `after` (from the first frame without it), in
     * order, up to and including the terminal frame. Returns the unsubscribe function.
     */
    subscribe(generationId: string, after: string | undefined, listener: FrameListener): () => void {
      const subscriber: Subscriber = {
        lastId: after ?? START,
        listener,
        isLive: false,
        pending: [],
        isClosed: false,
      };
      let watch = watches.get(generationId);
      if (watch) {
        watch.subscribers.add(subscriber);
        void catchUp(watch, subscriber);
      } else {
        // A new watch reads from this subscriber's own position: no separate catch-up needed.
        watch = { generationId, cursor: subscriber.lastId, subscribers: new Set([subscriber]) };
        subscriber.isLive = true;
        watches.set(generationId, watch);
        void run(watch);
      }
      const joined = watch;
      return () => remove(joined, subscriber);
    },

    /** How many generations this process is reading right now. */
    watchedCount: () => watches.size,

    /** Stops every reader (their blocked reads fail at once) and drops every subscriber. */
    async close(): Promise<void> {
      isClosing = true;
      for (const watch of watches.values())
        for (const subscriber of [...watch.subscribers]) remove(watch, subscriber);
      await readers.close();
    },
  };
}

export type FrameRelay = ReturnType<typeof createFrameRelay>;
