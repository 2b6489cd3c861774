import type { StreamFrame, WsClientFrame } from '@vivier/contracts';
import { isTerminalFrame } from '@vivier/contracts/constants';

/** The part of the browser's WebSocket this module uses (tests pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type SocketStatus = 'idle' | 'connecting' | 'open' | 'waiting';

export interface GenerationSocketOptions {
  url: () => string;
  /** An access token for the first frame; `force` after the server refused the last one. */
  getToken: (force: boolean) => Promise<string | null>;
  onFrame: (frame: StreamFrame) => void;
  /** Validates a received message (StreamFrame from contracts); null for anything else. */
  parseFrame: (data: unknown) => StreamFrame | null;
  /** No token could be had: the session is over. */
  onAuthFailed: () => void;
  onStatus?: (status: SocketStatus) => void;
  createSocket?: (url: string) => SocketLike;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  random?: () => number;
}

const OPEN = 1;
const AUTH_REFUSED = 4401;
const PING_EVERY_MS = 25_000;
const IDLE_CLOSE_MS = 15_000;
const MAX_BACKOFF_MS = 8_000;

/**
 * One WebSocket to /api/ws for every generation the page watches. It authenticates with its
 * first frame, remembers the last frame id of each subscription, and after any disconnect
 * reconnects with backoff and resubscribes with `after` = that id, so the relay resumes exactly
 * there (the stream reducer drops anything seen twice anyway).
 */
export function createGenerationSocket(options: GenerationSocketOptions) {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const setTimer = options.setTimer ?? ((callback: () => void, ms: number) => setTimeout(callback, ms));
  const clearTimer =
    options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const random = options.random ?? Math.random;

  /** generationId → last frame id seen (undefined: from the first frame). */
  const subscriptions = new Map<string, string | undefined>();
  let socket: SocketLike | null = null;
  let connecting = false;
  let attempt = 0;
  let forceTokenRefresh = false;
  let reconnectTimer: unknown = null;
  let idleTimer: unknown = null;
  let pingTimer: unknown = null;
  let stopped = false;

  const setStatus = (status: SocketStatus) => options.onStatus?.(status);
  const sendFrame = (frame: WsClientFrame) => {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(frame));
  };
  const subscribeFrame = (generationId: string, after: string | undefined): WsClientFrame =>
    after ? { type: 'subscribe', generationId, after } : { type: 'subscribe', generationId };

  function clearTimers() {
    for (const timer of [reconnectTimer, idleTimer, pingTimer]) if (timer !== null) clearTimer(timer);
    reconnectTimer = idleTimer = pingTimer = null;
  }

  function schedulePing() {
    pingTimer = setTimer(() => {
      sendFrame({ type: 'ping' });
      schedulePing();
    }, PING_EVERY_MS);
  }

  function scheduleReconnect() {
    if (stopped || subscriptions.size === 0 || reconnectTimer !== null) return;
    const base = Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt);
    attempt++;
    setStatus('waiting');
    reconnectTimer = setTimer(
      () => {
        reconnectTimer = null;
        void connect();
      },
      base / 2 + random() * (base / 2),
    );
  }

  async function connect() {
    if (stopped || socket || connecting || subscriptions.size === 0) return;
    connecting = true;
    setStatus('connecting');
    let token: string | null;
    try {
      token = await options.getToken(forceTokenRefresh);
    } catch {
      connecting = false;
      scheduleReconnect();
      return;
    }
    connecting = false;
    forceTokenRefresh = false;
    if (!token) {
      setStatus('idle');
      options.onAuthFailed();
      return;
    }
    if (stopped || subscriptions.size === 0) return;
    const current = createSocket(options.url());
    socket = current;
    current.onopen = () => {
      attempt = 0;
      setStatus('open');
      current.send(JSON.stringify({ type: 'auth', token } satisfies WsClientFrame));
      for (const [generationId, after] of subscriptions)
        current.send(JSON.stringify(subscribeFrame(generationId, after)));
      schedulePing();
    };
    current.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      const frame = options.parseFrame(data);
      if (!frame) return;
      if (!subscriptions.has(frame.generationId)) return;
      if (isTerminalFrame(frame)) subscriptions.delete(frame.generationId);
      else subscriptions.set(frame.generationId, frame.id);
      options.onFrame(frame);
      if (subscriptions.size === 0) scheduleIdleClose();
    };
    current.onclose = (event) => {
      if (socket !== current) return;
      socket = null;
      if (pingTimer !== null) clearTimer(pingTimer);
      pingTimer = null;
      if (event.code === AUTH_REFUSED) forceTokenRefresh = true;
      if (subscriptions.size > 0) scheduleReconnect();
      else setStatus('idle');
    };
    current.onerror = () => {
      // A close event always follows; reconnecting is decided there.
    };
  }

  function scheduleIdleClose() {
    if (idleTimer !== null) clearTimer(idleTimer);
    idleTimer = setTimer(() => {
      idleTimer = null;
      if (subscriptions.size === 0 && socket) {
        const closing = socket;
        socket = null;
        closing.close(1000, 'idle');
        setStatus('idle');
      }
    }, IDLE_CLOSE_MS);
  }

  return {
    /** Watch a generation from the start, or from after `after`. Idempotent. */
    subscribe(generationId: string, after?: string) {
      if (subscriptions.has(generationId)) return;
      subscriptions.set(generationId, after);
      if (idleTimer !== null) {
        clearTimer(idleTimer);
        idleTimer = null;
      }
      if (socket?.readyState === OPEN) sendFrame(subscribeFrame(generationId, after));
      else void connect();
    },
    unsubscribe(generationId: string) {
      if (!subscriptions.delete(generationId)) return;
      sendFrame({ type: 'unsubscribe', generationId });
      if (subscriptions.size === 0) scheduleIdleClose();
    },
    isSubscribed: (generationId: string) => subscriptions.has(generationId),
    /** The network came back or the tab became visible: skip the rest of the backoff. */
    reconnectNow() {
      if (socket || connecting || subscriptions.size === 0) return;
      if (reconnectTimer !== null) clearTimer(reconnectTimer);
      reconnectTimer = null;
      attempt = 0;
      void connect();
    },
    close() {
      stopped = true;
      subscriptions.clear();
      clearTimers();
      const closing = socket;
      socket = null;
      closing?.close(1000, 'closed');
      setStatus('idle');
    },
  };
}

export type GenerationSocket = ReturnType<typeof createGenerationSocket>;
