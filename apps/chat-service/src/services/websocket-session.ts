import { isAppError, WsClientFrame, type StreamFrame } from '@vivier/contracts';
import { isTerminalFrame } from '@vivier/bus';
import type { Caller, DisabledUsers, Logger, TokenVerifier } from '@vivier/service-kit';
import { createSlowClientGuard, type SlowClientLimits } from '../lib/slow-client';
import { isStreamId } from '../lib/stream-ids';
import type { FrameRelay } from './frame-relay';
import type { GenerationService } from './generation-service';
import type { OpenSockets } from './open-sockets';

/** The parts of a WebSocket a session uses (the `ws` socket, or a test double). */
export interface SessionSocket {
  send(data: string): void;
  /** Bytes queued for the client and not yet handed to the network. */
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
}

export interface WebSocketSessionDeps {
  verifier: TokenVerifier;
  /** Sessions signed out and accounts disabled since their access tokens were issued. */
  access: Pick<DisabledUsers, 'refusalFor'>;
  /** Where the session registers so a revocation announcement closes it. */
  openSockets: Pick<OpenSockets, 'add'>;
  relay: Pick<FrameRelay, 'subscribe'>;
  generations: Pick<GenerationService, 'isOwnedGenerationRunning'>;
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

/**
 * Close reasons for a valid token that must still be refused (the gateway's words on HTTP). A changed
 * role is not one: the socket carries no admin rights, and the next refresh brings the new role.
 */
const REFUSAL_REASONS = {
  account: 'this account has been disabled',
  session: 'this session was signed out',
} as const;

/**
 * One client connection on /api/ws. Authenticated by the upgrade's bearer token or by a first
 * frame `{type:"auth"}`; anything else first, a bad token, a signed-out session, a disabled
 * account or silence past the timeout closes it with 4401, and so does a later revocation. Frames are handled one at a time, in order. The client receives StreamFrames only;
 * a subscription it may not see gets a single NOT_FOUND error frame (id 0-0) and nothing else.
 */
export function createWebSocketSession(
  deps: WebSocketSessionDeps,
  socket: SessionSocket,
  headerToken?: string,
) {
  // Made when first needed: most sockets never log, and a child logger per socket adds up.
  let logger: Logger | undefined;
  const log = () => (logger ??= deps.logger.child({ component: 'ws' }));
  const subscriptions = new Map<string, () => void>();
  let caller: Caller | undefined;
  let forget: (() => void) | undefined;
  let isClosed = false;
  let queue: Promise<void> = Promise.resolve();
  const slowClient = createSlowClientGuard(deps.slowClient);

  /** `json`: the frame as JSON when the relay has it already (see FrameListener). */
  const send = (frame: StreamFrame, json?: string) => {
    if (isClosed) return;
    // Never buffer without bound for a client that does not read: it can resume where it was.
    if (slowClient.isTooFarBehind(socket.bufferedAmount))
      return close(CLOSE_TOO_SLOW, 'too far behind; resubscribe with after');
    socket.send(json ?? JSON.stringify(frame));
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
    stopAuthTimer();
    forget?.();
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
  }

  async function authenticate(token: string): Promise<void> {
    let verified: Caller;
    try {
      verified = await deps.verifier.verify(token);
    } catch {
      return close(CLOSE_UNAUTHENTICATED, 'invalid or expired token');
    }
    if (caller && verified.id !== caller.id) return close(CLOSE_UNAUTHENTICATED, 'token is for another user');
    if (isClosed) return;
    // Registered before the check: a revocation announced from now on closes the socket, and one
    // announced before has already set what the check reads.
    forget?.();
    forget = deps.openSockets.add({ userId: verified.id, sessionId: verified.sessionId }, (what) =>
      close(CLOSE_UNAUTHENTICATED, REFUSAL_REASONS[what]),
    );
    caller = verified;
    stopAuthTimer();
    try {
      await refuseRevoked(verified);
    } catch (error) {
      // Fail closed: a session that cannot be checked does not stream.
      log().error({ err: error }, 'session check failed');
      close(1011, 'internal error');
    }
  }

  /** A signed-out session or a disabled account closes the socket (a changed role does not). */
  async function refuseRevoked(who: Caller): Promise<boolean> {
    const refusal = await deps.access.refusalFor(who);
    if (refusal !== 'disabled' && refusal !== 'session-revoked') return false;
    close(CLOSE_UNAUTHENTICATED, REFUSAL_REASONS[refusal === 'disabled' ? 'account' : 'session']);
    return true;
  }

  async function subscribe(owner: Caller, generationId: string, after: string | undefined): Promise<void> {
    if (after !== undefined && !isStreamId(after))
      return sendError(generationId, 'VALIDATION_FAILED', '"after" is not a frame id');
    // Again on every subscription: an announcement this process missed (its subscriber was
    // reconnecting) still ends the socket before it streams anything more. Asked alongside the
    // ownership lookup (one wait, not two); a refusal wins over whatever the lookup says.
    const [isRefused, ownership] = await Promise.all([
      refuseRevoked(owner),
      deps.generations.isOwnedGenerationRunning(owner.id, generationId).then(
        (isRunning) => ({ isRunning }),
        (error: unknown) => ({ error }),
      ),
    ]);
    if (isRefused) return;
    if ('error' in ownership) {
      const { error } = ownership;
      if (isAppError(error) && error.code === 'NOT_FOUND')
        return sendError(generationId, 'NOT_FOUND', 'Generation not found');
      throw error;
    }
    if (isClosed) return;
    subscriptions.get(generationId)?.();
    if (subscriptions.size >= MAX_SUBSCRIPTIONS)
      return sendError(generationId, 'RATE_LIMITED', 'Too many subscriptions on one connection');
    const unsubscribe = deps.relay.subscribe(
      generationId,
      after,
      (frame, json) => {
        send(frame, json);
        if (isTerminalFrame(frame)) subscriptions.delete(generationId);
      },
      { isRunning: ownership.isRunning },
    );
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
    if (!caller) return close(CLOSE_UNAUTHENTICATED, 'authenticate first');
    if (frame.type === 'subscribe') return subscribe(caller, frame.generationId, frame.after);
    if (frame.type === 'unsubscribe') {
      subscriptions.get(frame.generationId)?.();
      subscriptions.delete(frame.generationId);
    }
    // `ping` only keeps intermediaries from timing the connection out.
  }

  let authTimer: NodeJS.Timeout | undefined = setTimeout(() => {
    if (!caller) close(CLOSE_UNAUTHENTICATED, 'no authentication in time');
  }, deps.authTimeoutMs);
  function stopAuthTimer(): void {
    clearTimeout(authTimer);
    authTimer = undefined;
  }
  if (headerToken !== undefined) queue = authenticate(headerToken);

  return {
    /** Queue a client frame; frames are handled strictly in arrival order. */
    receive(raw: string): void {
      queue = queue
        .then(() => handle(raw))
        .catch((error: unknown) => {
          log().error({ err: error }, 'websocket frame failed');
          close(1011, 'internal error');
        });
    },
    /** The socket closed from the other side. */
    closed: end,
  };
}
