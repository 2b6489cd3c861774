import { isAppError, WsClientFrame, type StreamFrame } from '@vivier/contracts';
import { isTerminalFrame } from '@vivier/bus';
import type { Caller, DisabledUsers, Logger, TokenVerifier } from '@vivier/service-kit';
import { createSlowClientGuard, type SlowClientGuard, type SlowClientLimits } from '../lib/slow-client';
import { isStreamId } from '../lib/stream-ids';
import type { FrameRelay } from './frame-relay';
import type { GenerationService } from './generation-service';
import type { OpenSocket, OpenSockets, RevokedAccess } from './open-sockets';

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
  openSockets: Pick<OpenSockets, 'track' | 'forget'>;
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
 *
 * A class, not a closure (issue 11: memory per idle WebSocket, thousands per process): its methods
 * are shared by every session where a factory made a dozen closures and their context per socket,
 * and what most sockets never use (a subscription map, the slow-client guard, a logger, the frame
 * queue) is made on first use. The session is its own entry in the open-socket registry.
 */
export class WebSocketSession implements OpenSocket {
  /** Made when first needed: most sockets never log, and a child logger per socket adds up. */
  private logger: Logger | undefined;
  private subscriptions: Map<string, () => void> | undefined;
  private caller: Caller | undefined;
  private isRegistered = false;
  private isClosed = false;
  /** The frame being handled and those queued behind it; undefined when there is none. */
  private queue: Promise<void> | undefined;
  private slowClient: SlowClientGuard | undefined;
  private authTimer: NodeJS.Timeout | undefined;
  /** The heartbeat's mark (routes/websocket.ts): true when the client answered the last ping. */
  answeredPing = true;

  constructor(
    private readonly deps: WebSocketSessionDeps,
    private readonly socket: SessionSocket,
    headerToken?: string,
  ) {
    this.authTimer = setTimeout(expireUnauthenticated, deps.authTimeoutMs, this);
    if (headerToken !== undefined) this.enqueue(() => this.authenticate(headerToken));
  }

  get userId(): string {
    return this.caller?.id ?? '';
  }

  get sessionId(): string {
    return this.caller?.sessionId ?? '';
  }

  /** Queue a client frame; frames are handled strictly in arrival order. */
  receive(raw: string): void {
    this.enqueue(() => this.handle(raw));
  }

  /** The socket closed from the other side. */
  closed(): void {
    this.end();
  }

  /** A revocation announced for this socket's session or account (open-sockets.ts). */
  revoke(what: RevokedAccess): void {
    this.isRegistered = false;
    this.close(CLOSE_UNAUTHENTICATED, REFUSAL_REASONS[what]);
  }

  /** Closes the socket unless it already ended: before the timeout, without a caller. */
  expireIfUnauthenticated(): void {
    this.authTimer = undefined;
    if (!this.caller) this.close(CLOSE_UNAUTHENTICATED, 'no authentication in time');
  }

  private enqueue(next: () => Promise<void>): void {
    const queued = (this.queue ?? Promise.resolve())
      .then(next)
      .catch((error: unknown) => {
        this.log().error({ err: error }, 'websocket frame failed');
        this.close(1011, 'internal error');
      })
      .then(() => {
        // Nothing queued behind it: an idle socket holds no settled promise.
        if (this.queue === queued) this.queue = undefined;
      });
    this.queue = queued;
  }

  private log(): Logger {
    return (this.logger ??= this.deps.logger.child({ component: 'ws' }));
  }

  /** `json`: the frame as JSON when the relay has it already (see FrameListener). */
  private send(frame: StreamFrame, json?: string): void {
    if (this.isClosed) return;
    // Never buffer without bound for a client that does not read: it can resume where it was.
    // The guard is made the first time the client is over the limit; until then it has nothing
    // to remember.
    const bufferedBytes = this.socket.bufferedAmount;
    if (this.slowClient || bufferedBytes > this.deps.slowClient.maxBufferedBytes) {
      this.slowClient ??= createSlowClientGuard(this.deps.slowClient);
      if (this.slowClient.isTooFarBehind(bufferedBytes))
        return this.close(CLOSE_TOO_SLOW, 'too far behind; resubscribe with after');
    }
    this.socket.send(json ?? JSON.stringify(frame));
  }

  private sendError(generationId: string, code: string, message: string): void {
    this.send({ type: 'error', generationId, id: '0-0', code, message });
  }

  private close(code: number, reason: string): void {
    if (this.isClosed) return;
    this.end();
    this.socket.close(code, reason);
  }

  private end(): void {
    this.isClosed = true;
    this.stopAuthTimer();
    this.forget();
    for (const unsubscribe of this.subscriptions?.values() ?? []) unsubscribe();
    this.subscriptions = undefined;
  }

  private forget(): void {
    if (this.isRegistered) this.deps.openSockets.forget(this);
    this.isRegistered = false;
  }

  private stopAuthTimer(): void {
    clearTimeout(this.authTimer);
    this.authTimer = undefined;
  }

  private async authenticate(token: string): Promise<void> {
    let verified: Caller;
    try {
      verified = await this.deps.verifier.verify(token);
    } catch {
      return this.close(CLOSE_UNAUTHENTICATED, 'invalid or expired token');
    }
    if (this.caller && verified.id !== this.caller.id)
      return this.close(CLOSE_UNAUTHENTICATED, 'token is for another user');
    if (this.isClosed) return;
    // Registered before the check: a revocation announced from now on closes the socket, and one
    // announced before has already set what the check reads. Registered under the new token's
    // session (the registry reads `userId` and `sessionId` from the caller).
    this.forget();
    this.caller = verified;
    this.deps.openSockets.track(this);
    this.isRegistered = true;
    this.stopAuthTimer();
    try {
      await this.refuseRevoked(verified);
    } catch (error) {
      // Fail closed: a session that cannot be checked does not stream.
      this.log().error({ err: error }, 'session check failed');
      this.close(1011, 'internal error');
    }
  }

  /** A signed-out session or a disabled account closes the socket (a changed role does not). */
  private async refuseRevoked(who: Caller): Promise<boolean> {
    const refusal = await this.deps.access.refusalFor(who);
    if (refusal !== 'disabled' && refusal !== 'session-revoked') return false;
    this.close(CLOSE_UNAUTHENTICATED, REFUSAL_REASONS[refusal === 'disabled' ? 'account' : 'session']);
    return true;
  }

  private async subscribe(owner: Caller, generationId: string, after: string | undefined): Promise<void> {
    if (after !== undefined && !isStreamId(after))
      return this.sendError(generationId, 'VALIDATION_FAILED', '"after" is not a frame id');
    // Again on every subscription: an announcement this process missed (its subscriber was
    // reconnecting) still ends the socket before it streams anything more. Asked alongside the
    // ownership lookup (one wait, not two); a refusal wins over whatever the lookup says.
    const [isRefused, ownership] = await Promise.all([
      this.refuseRevoked(owner),
      this.deps.generations.isOwnedGenerationRunning(owner.id, generationId).then(
        (isRunning) => ({ isRunning }),
        (error: unknown) => ({ error }),
      ),
    ]);
    if (isRefused) return;
    if ('error' in ownership) {
      const { error } = ownership;
      if (isAppError(error) && error.code === 'NOT_FOUND')
        return this.sendError(generationId, 'NOT_FOUND', 'Generation not found');
      throw error;
    }
    if (this.isClosed) return;
    const subscriptions = (this.subscriptions ??= new Map<string, () => void>());
    // A subscription to the same generation again replaces the earlier one (and frees its place).
    subscriptions.get(generationId)?.();
    subscriptions.delete(generationId);
    if (subscriptions.size >= MAX_SUBSCRIPTIONS)
      return this.sendError(generationId, 'RATE_LIMITED', 'Too many subscriptions on one connection');
    const unsubscribe = this.deps.relay.subscribe(
      generationId,
      after,
      (frame, json) => {
        this.send(frame, json);
        if (isTerminalFrame(frame)) subscriptions.delete(generationId);
      },
      { isRunning: ownership.isRunning },
    );
    subscriptions.set(generationId, unsubscribe);
  }

  private async handle(raw: string): Promise<void> {
    if (this.isClosed) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return this.close(CLOSE_INVALID_FRAME, 'frames are JSON');
    }
    const result = WsClientFrame.safeParse(parsed);
    if (!result.success) return this.close(CLOSE_INVALID_FRAME, 'unknown frame');
    const frame = result.data;
    if (frame.type === 'auth') return this.authenticate(frame.token);
    if (!this.caller) return this.close(CLOSE_UNAUTHENTICATED, 'authenticate first');
    if (frame.type === 'subscribe') return this.subscribe(this.caller, frame.generationId, frame.after);
    if (frame.type === 'unsubscribe') {
      this.subscriptions?.get(frame.generationId)?.();
      this.subscriptions?.delete(frame.generationId);
    }
    // `ping` only keeps intermediaries from timing the connection out.
  }
}

/** The auth timer's callback, shared by every session (a closure each would be kept per socket). */
function expireUnauthenticated(session: WebSocketSession): void {
  session.expireIfUnauthenticated();
}

/** The session of one client connection (see WebSocketSession). */
export function createWebSocketSession(
  deps: WebSocketSessionDeps,
  socket: SessionSocket,
  headerToken?: string,
): WebSocketSession {
  return new WebSocketSession(deps, socket, headerToken);
}
