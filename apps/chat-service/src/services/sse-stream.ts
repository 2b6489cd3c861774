import { PassThrough } from 'node:stream';
import { isTerminalFrame } from '@vivier/bus';
import { createSlowClientGuard, type SlowClientLimits } from '../lib/slow-client';
import { formatSseFrame, SSE_PING, SSE_PREAMBLE } from '../lib/sse-format';
import type { FrameRelay } from './frame-relay';

const SSE_PING_INTERVAL_MS = 15_000;

/**
 * A generation's frames as an SSE body: every frame after `after`, ending after the terminal
 * frame, with a ping comment while waiting. `close()` stops it early (client gone, shutdown).
 */
export function openSseStream(
  relay: Pick<FrameRelay, 'subscribe'>,
  generationId: string,
  after: string | undefined,
  options: {
    /** The generation was just read as running (see the relay's SubscribeOptions). */
    isRunning?: boolean;
    pingIntervalMs?: number;
    /** A client too far behind (see lib/slow-client): `onOverflow` (drop the connection). */
    slowClient?: SlowClientLimits;
    onOverflow?: () => void;
  } = {},
) {
  const stream = new PassThrough();
  stream.write(SSE_PREAMBLE);
  const ping = setInterval(() => stream.write(SSE_PING), options.pingIntervalMs ?? SSE_PING_INTERVAL_MS);
  let unsubscribe: () => void = () => {};
  const slowClient = options.slowClient ? createSlowClientGuard(options.slowClient) : undefined;

  function close(): void {
    clearInterval(ping);
    unsubscribe();
    if (!stream.writableEnded) stream.end();
  }

  unsubscribe = relay.subscribe(
    generationId,
    after,
    (frame, json) => {
      // What the socket has not taken yet waits here: past the limit the client is dropped (it
      // reconnects with Last-Event-ID) instead of growing this process's memory.
      if (slowClient?.isTooFarBehind(stream.writableLength + stream.readableLength)) {
        close();
        options.onOverflow?.();
        return;
      }
      stream.write(formatSseFrame(frame, json));
      if (isTerminalFrame(frame)) close();
    },
    { isRunning: options.isRunning ?? false },
  );
  return { stream, close };
}
