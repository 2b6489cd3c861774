import { isAppError, WsClientFrame, type StreamFrame } from '@vivier/contracts';
import { isTerminalFrame } from '@vivier/bus';
import type { AccountRefusal, DisabledUsers, Logger, TokenVerifier } from '@vivier/service-kit';
import { createSlowClientGuard, type SlowClientLimits } from '../lib/slow-client';
import { isStreamId } from '../lib/stream-ids';
import type { FrameRelay } from './frame-relay';
import type { GenerationService } from './generation-service';

/** The parts of a WebSocket a session uses (the `ws` socket, or a test double). */
export interface SessionSocket {
  send(data: string): void;
  /** Bytes queued for the client and not yet handed to the network. */
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
}

export interface WebSocketSessionDeps {
  verifier: TokenVerifier;
  /**
   * The gateway lets /api/ws through without its token check (a browser authenticates with its
   * first frame), so the account refusals it applies to every other route are applied here.
   */
  accounts: Pick<DisabledUsers, 'refusalFor'>;
  relay: Pick<FrameRelay, 'subscribe'>;
  generations: Pick<GenerationService, 'assertOwnsGeneration'>;
  logger: Logger;
  authTimeoutMs: number;
  /** A client over this much queued for longer than the grace is closed (CLOSE_TOO_SLOW). */
  slowClient: SlowClientLimits;
}

/** Close codes (4000–4999 are the application's). */
const CLOSE_UNAUTHENTICATED = 4401;
const CLOSE_INVALID_FRAME = 4400;
/** The client reads slower than its answers arrive: resubscribe with `after` the last frame id. */
const CLOSE_TOO_SLOW = 4408;

const MAX_SUBSCRIPTIONS = 100;

/** Close reasons for a valid token that must still be refused (the gateway's messages). */
const REFUSAL_REASONS: Record<AccountRefusal, string> = {
  disabled: 'this account has been disabled',
  'session-revoked': 'this session was signed out',
  'role-changed': 'your role has changed; refresh the access token',
};

/**
 * One client connection on /api/ws. Authenticated by the upgrade's bearer token or by a first
 * frame `{type:"auth"}`; anything else first, a bad token or silence past the timeout closes it
 * with 4401. Frames are handled one at a time, in order. The client receives StreamFrames only;
 * a subscription it may not see gets a single NOT_FOUND error frame (id 0-0) and nothing else.
 */
export function createWebSocketSession(
  deps: WebSocketSessionDeps,
  socket: SessionSocket,
  headerToken?: string,
) {
  const log = deps.logger.child({ component: 'ws' });
  const subscriptions = new Map<string, () => void>();
  let userId: string | undefined;
  let isClosed = false;
  let queue: Promise<void> = Promise.resolve();
  const slowClient = createSlowClientGuard(deps.slowClient);

  const send = (frame: StreamFrame) => {
    if (isClosed) return;
    // Never buffer without bound for a client that does not read: it can resume where it was.
    if (slowClient.isTooFarBehind(socket.bufferedAmount))
      return close(CLOSE_TOO_SLOW, 'too far behind; resubscribe with after');
    socket.send(JSON.stringify(frame));
  };
  const sendError = (generationId: string, code: string, message: string) =>
    send({ type: 'error', generationId, id: '0-0', code, message });

  function close(code: number, reason: string): void {
    if (isClosed) return;
    end();
    socket.close(code, reason);
  }

  function end(): void {
    isClosed = true;
    clearTimeout(authTimer);
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
  }

  async function authenticate(token: string): Promise<void> {
    try {
      const caller = await deps.verifier.verify(token);
      if (userId && caller.id !== userId) return close(CLOSE_UNAUTHENTICATED, 'token is for another user');
      const refusal = await deps.accounts.refusalFor(caller);
      if (refusal) return close(CLOSE_UNAUTHENTICATED, REFUSAL_REASONS[refusal]);
      userId = caller.id;
      clearTimeout(authTimer);
    } catch {
      close(CLOSE_UNAUTHENTICATED, 'invalid or expired token');
    }
  }

  async function subscribe(owner: string, generationId: string, after: string | undefined): Promise<void> {
    if (after !== undefined && !isStreamId(after))
      return sendError(generationId, 'VALIDATION_FAILED', '"after" is not a frame id');
    try {
      await deps.generations.assertOwnsGeneration(owner, generationId);
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND')
        return sendError(generationId, 'NOT_FOUND', 'Generation not found');
      throw error;
    }
    if (isClosed) return;
    subscriptions.get(generationId)?.();
    if (subscriptions.size >= MAX_SUBSCRIPTIONS)
      return sendError(generationId, 'RATE_LIMITED', 'Too many subscriptions on one connection');
    const unsubscribe = deps.relay.subscribe(generationId, after, (frame) => {
      send(frame);
      if (isTerminalFrame(frame)) subscriptions.delete(generationId);
    });
    subscriptions.set(generationId, unsubscribe);
  }

  async function handle(raw: string): Promise<void> {
    if (isClosed) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return close(CLOSE_INVALID_FRAME, 'frames are JSON');
    }
    const result = WsClientFrame.safeParse(parsed);
    if (!result.success) return close(CLOSE_INVALID_FRAME, 'unknown frame');
    const frame = result.data;
    if (frame.type === 'auth') return authenticate(frame.token);
    if (!userId) return close(CLOSE_UNAUTHENTICATED, 'authenticate first');
    if (frame.type === 'subscribe') return subscribe(userId, frame.generationId, frame.after);
    if (frame.type === 'unsubscribe') {
      subscriptions.get(frame.generationId)?.();
      subscriptions.delete(frame.generationId);
    }
    // `ping` only keeps intermediaries from timing the connection out.
  }

  const authTimer = setTimeout(() => {
    if (!userId) close(CLOSE_UNAUTHENTICATED, 'no authentication in time');
  }, deps.authTimeoutMs);
  if (headerToken !== undefined) queue = authenticate(headerToken);

  return {
    /** Queue a client frame; frames are handled strictly in arrival order. */
    receive(raw: string): void {
      queue = queue
        .then(() => handle(raw))
        .catch((error: unknown) => {
          log.error({ err: error }, 'websocket frame failed');
          close(1011, 'internal error');
        });
    },
    /** The socket closed from the other side. */
    closed: end,
  };
}
