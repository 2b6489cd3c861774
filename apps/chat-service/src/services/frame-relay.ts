import type { Redis } from 'ioredis';
import type { StreamFrame } from '@vivier/contracts';
import { isTerminalFrame, type DecodedFrame, type FrameBody, type GenerationStreams } from '@vivier/bus';
import type { Logger } from '@vivier/service-kit';
import { compareStreamIds, nextStreamId } from '../lib/stream-ids';

export interface FrameRelayDeps {
  streams: Pick<GenerationStreams, 'readMany' | 'range' | 'exists'>;
  /** A new Redis connection: the relay's one reader (XREAD BLOCK over every watched generation). */
  connectReader: () => Redis;
  /** A command connection, to wake the reader (CLIENT UNBLOCK) when a generation is added. */
  commands: Pick<Redis, 'client'>;
  /** The ending of a generation whose stream has expired (undefined while it still runs). */
  endingFrames: (generationId: string) => Promise<FrameBody[] | undefined>;
  logger: Logger;
  blockMs?: number;
  retryDelayMs?: number;
}

/**
 * Given every frame with its JSON for the client (`json` parses to `frame`): a socket sends the
 * text as it is, without stringifying the frame again for each delta (issue 11, the CPU figure).
 */
export type FrameListener = (frame: StreamFrame, json: string) => void;

export interface SubscribeOptions {
  /**
   * The caller has just read the generation as queued or streaming: its stream will carry the
   * terminal frame (one written after that read stays an hour), so a new watch skips the ending
   * check (a Redis EXISTS, and a database query too while the stream does not exist yet, as for a
   * generation still queued). Quiet watches are still checked.
   */
  isRunning?: boolean;
}

interface Subscriber {
  /** The last frame id this subscriber has seen (`0-0`: none); nothing at or before it is sent again. */
  lastId: string;
  listener: FrameListener;
  /** False while catching up from the stream; live frames wait in `pending` meanwhile. */
  isLive: boolean;
  pending: DecodedFrame[];
  isClosed: boolean;
}

interface Watch {
  generationId: string;
  cursor: string;
  /** The reader's `version` when the watch began: a read issued before it does not cover it. */
  sinceVersion: number;
  subscribers: Set<Subscriber>;
  /** When a frame (or any entry) last arrived, or the watch began: quiet watches are checked for an ending. */
  lastActivityAt: number;
  /** The newest entry that did not decode (a frame type this version does not know). */
  undecodedId?: string;
  lastEndingCheckAt: number;
  isCheckingEnding: boolean;
  hasEnded: boolean;
}

const START = '0-0';
const RANGE_PAGE = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Relays generation frames from Redis to local subscribers (WebSocket and SSE clients). One reader
 * per process: a single connection XREAD BLOCKs over every watched generation at once, each from
 * its own cursor, so a thousand open streams cost one connection, not a thousand. Adding a
 * generation wakes the reader (CLIENT UNBLOCK) so its first frame is not held back. A watch stops
 * at the terminal frame. A subscriber that joins a running watch first catches up with XRANGE
 * from its own last id; live frames that arrive meanwhile are held back and sent after, and every
 * subscriber drops frames at or before its last id, so a client gets each frame once, in order,
 * whichever path it came through.
 *
 * An entry that does not decode (a frame type from a newer version, during a rolling deploy) is
 * passed over, never stuck on; if the generation has ended by then (the worker settles the
 * database before it writes the terminal frame), the ending is taken from the database under that
 * entry's id, so clients are not left waiting for a terminal frame they cannot read.
 */
export function createFrameRelay(deps: FrameRelayDeps) {
  const blockMs = deps.blockMs ?? 5_000;
  const retryDelayMs = deps.retryDelayMs ?? 500;
  const watches = new Map<string, Watch>();
  let isClosing = false;
  let reader: Redis | undefined;
  let readerId: number | undefined;
  /** Bumped whenever the set of watches grows; the read in flight covers `readingVersion`. */
  let version = 0;
  let readingVersion = -1;
  let isReading = false;
  let loop: Promise<void> | undefined;
  let wakeIdle: (() => void) | undefined;

  /** A frame read back from the database or by XRANGE, with the JSON a client is sent for it. */
  const encode = (frame: StreamFrame): DecodedFrame => ({ frame, json: JSON.stringify(frame) });

  function deliver(watch: Watch, subscriber: Subscriber, { frame, json }: DecodedFrame): void {
    if (subscriber.isClosed || compareStreamIds(frame.id, subscriber.lastId) <= 0) return;
    subscriber.lastId = frame.id;
    if (isTerminalFrame(frame)) remove(watch, subscriber);
    try {
      subscriber.listener(frame, json);
    } catch (error) {
      deps.logger.warn({ err: error, generationId: watch.generationId }, 'frame listener failed');
    }
  }

  function broadcast(watch: Watch, decoded: DecodedFrame): void {
    // Nearly always one subscriber: no copy of the set (a terminal frame removes it while iterating).
    const subscribers = watch.subscribers.size === 1 ? watch.subscribers : [...watch.subscribers];
    for (const subscriber of subscribers) {
      if (subscriber.isLive) deliver(watch, subscriber, decoded);
      else subscriber.pending.push(decoded);
    }
  }

  function remove(watch: Watch, subscriber: Subscriber): void {
    subscriber.isClosed = true;
    subscriber.pending = [];
    watch.subscribers.delete(subscriber);
    if (watch.subscribers.size === 0) endWatch(watch);
  }

  function endWatch(watch: Watch): void {
    watch.hasEnded = true;
    if (watches.get(watch.generationId) === watch) watches.delete(watch.generationId);
  }

  /**
   * The generation has ended per the database while its stream cannot say so: expired (or never
   * written), or its last entry did not decode. Replays the ending: synthetic ids from 0-1 for a
   * client that saw nothing of an expired stream, otherwise the terminal frame alone, after the
   * undecodable entry (or the client's last id).
   */
  async function endFromDatabase(watch: Watch): Promise<boolean> {
    const undecodedId = watch.undecodedId;
    if (!undecodedId && (await deps.streams.exists(watch.generationId))) return false;
    const bodies = await deps.endingFrames(watch.generationId);
    if (!bodies || watch.hasEnded) return false;
    // Absent a moment ago may mean not started yet: a generation that ran whole while the database
    // answered has its frames in the stream now (the worker writes deltas before it settles), and
    // the reader relays them. Ending it from here would skip the deltas not yet read.
    if (!undecodedId && (await deps.streams.exists(watch.generationId))) return false;
    if (watch.hasEnded) return false;
    const { generationId } = watch;
    const terminal = bodies.at(-1)!;
    for (const subscriber of [...watch.subscribers]) {
      subscriber.isLive = true;
      let frames: StreamFrame[];
      if (undecodedId) {
        const held = subscriber.pending;
        subscriber.pending = [];
        for (const frame of held) deliver(watch, subscriber, frame);
        frames = [{ ...terminal, generationId, id: undecodedId }];
      } else if (subscriber.lastId === START) {
        frames = bodies.map((body, index) => ({ ...body, generationId, id: `0-${index + 1}` }));
      } else {
        frames = [{ ...terminal, generationId, id: nextStreamId(subscriber.lastId) }];
      }
      for (const frame of frames) deliver(watch, subscriber, encode(frame));
    }
    endWatch(watch);
    return true;
  }

  /** Looks for an ending in the background: the reader never waits on the database. */
  function checkEnding(watch: Watch): void {
    if (watch.isCheckingEnding || watch.hasEnded || isClosing) return;
    watch.isCheckingEnding = true;
    watch.lastEndingCheckAt = Date.now();
    endFromDatabase(watch)
      .catch((error: unknown) =>
        deps.logger.warn(
          { err: error, generationId: watch.generationId },
          'ending check failed; still waiting',
        ),
      )
      .finally(() => (watch.isCheckingEnding = false));
  }

  async function connect(): Promise<Redis> {
    if (reader) return reader;
    const connection = deps.connectReader();
    reader = connection;
    readerId = Number(await connection.client('ID'));
    return connection;
  }

  let isWaking = false;

  /**
   * Makes the read in flight return now, so the next one covers the generations added since.
   * Subscribes made before the next microtask checkpoint share one CLIENT UNBLOCK (later ones that
   * find the read already covering them send none that succeeds).
   */
  function wake(): void {
    wakeIdle?.();
    if (isWaking) return;
    isWaking = true;
    const attempt = () => {
      isWaking = false;
      if (!isReading || readingVersion >= version || readerId === undefined || isClosing) return;
      deps.commands
        .client('UNBLOCK', readerId)
        .then((unblocked) => {
          // The XREAD may not have reached Redis yet: try again until it is unblocked or done.
          if (Number(unblocked) === 0) setTimeout(attempt, 1);
        })
        .catch(() => undefined);
    };
    queueMicrotask(attempt);
  }

  async function runReader(): Promise<void> {
    while (!isClosing) {
      if (watches.size === 0) {
        await new Promise<void>((resolve) => {
          wakeIdle = resolve;
        });
        wakeIdle = undefined;
        continue;
      }
      const now = Date.now();
      for (const watch of watches.values()) {
        if (now - watch.lastEndingCheckAt >= blockMs && now - watch.lastActivityAt >= blockMs)
          checkEnding(watch);
      }
      let replies: Awaited<ReturnType<GenerationStreams['readMany']>>;
      try {
        const connection = reader ?? (await connect());
        readingVersion = version;
        isReading = true;
        // The watches themselves, not a copy: readMany takes their cursors before it awaits.
        replies = await deps.streams.readMany(connection, watches.values(), blockMs);
      } catch (error) {
        isReading = false;
        if (isClosing) break;
        // CLIENT UNBLOCK makes a blocked XREAD answer nil, not an error; anything else: reconnect.
        deps.logger.warn({ err: error }, 'frame read failed; retrying');
        reader?.disconnect();
        reader = undefined;
        readerId = undefined;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
        continue;
      }
      isReading = false;
      const at = Date.now();
      for (const { generationId, entries } of replies) {
        // The reply belongs to the watches it was read for. One that ended meanwhile (its last
        // subscriber left) may have been replaced by a new watch of the same generation from an
        // earlier cursor (a client resuming from the last frame it kept): the old read's entries
        // would move that cursor past frames its subscriber never got.
        const watch = watches.get(generationId);
        if (!watch || watch.hasEnded || watch.sinceVersion > readingVersion) continue;
        watch.lastActivityAt = at;
        let sawUndecodable = false;
        for (const entry of entries) {
          watch.cursor = entry.id;
          if (!entry.decoded) {
            watch.undecodedId = entry.id;
            sawUndecodable = true;
            deps.logger.warn({ generationId, entryId: entry.id }, 'frame entry not understood; passed over');
            continue;
          }
          watch.undecodedId = undefined;
          broadcast(watch, entry.decoded);
          if (isTerminalFrame(entry.decoded.frame)) {
            endWatch(watch);
            break;
          }
        }
        if (sawUndecodable && watch.undecodedId && !watch.hasEnded) checkEnding(watch);
      }
    }
  }

  function ensureReader(): void {
    loop ??= runReader().catch((error: unknown) => {
      deps.logger.error({ err: error }, 'frame reader stopped');
    });
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
        for (const frame of frames) deliver(watch, subscriber, encode(frame));
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
    subscribe(
      generationId: string,
      after: string | undefined,
      listener: FrameListener,
      options: SubscribeOptions = {},
    ): () => void {
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
        const now = Date.now();
        version += 1;
        watch = {
          generationId,
          cursor: subscriber.lastId,
          sinceVersion: version,
          subscribers: new Set([subscriber]),
          lastActivityAt: now,
          lastEndingCheckAt: now,
          isCheckingEnding: false,
          hasEnded: false,
        };
        subscriber.isLive = true;
        watches.set(generationId, watch);
        // An expired stream of an ended generation: answered from the database, in parallel.
        if (!options.isRunning) checkEnding(watch);
        ensureReader();
        wake();
      }
      const joined = watch;
      return () => remove(joined, subscriber);
    },

    /** How many generations this process is reading right now. */
    watchedCount: () => watches.size,

    /** How many Redis connections the relay reads with (one, once anything was watched). */
    readerCount: () => (reader ? 1 : 0),

    /** Stops the reader (its blocked read fails at once) and drops every subscriber. */
    async close(): Promise<void> {
      isClosing = true;
      for (const watch of [...watches.values()])
        for (const subscriber of [...watch.subscribers]) remove(watch, subscriber);
      wakeIdle?.();
      reader?.disconnect();
      await loop;
    },
  };
}

export type FrameRelay = ReturnType<typeof createFrameRelay>;
