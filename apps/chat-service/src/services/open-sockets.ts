import type { AccessRevoked } from '@vivier/service-kit';

/** An authenticated connection, and how to end it when its session or account is revoked. */
export interface OpenSocket {
  readonly userId: string;
  readonly sessionId: string;
  revoke(what: RevokedAccess): void;
}

/** What ended: the one session, or the whole account (disabled or deleted). */
export type RevokedAccess = 'session' | 'account';

/**
 * The authenticated WebSockets and SSE streams of this process by user and session, so a
 * revocation announced by auth-service (a signed-out session, a disabled or deleted account)
 * closes them at once instead of letting them stream until the access token they opened with
 * expires.
 */
export function createOpenSockets() {
  const sockets = new Set<OpenSocket>();
  return {
    /**
     * Registers a connection that is its own entry (a WebSocket session) until `forget`: no
     * closure per socket (issue 11: memory per idle WebSocket). Removed before `revoke` is called.
     */
    track(socket: OpenSocket): void {
      sockets.add(socket);
    },
    forget(socket: OpenSocket): void {
      sockets.delete(socket);
    },
    /** Registers a socket; returns the function that forgets it (on close). */
    add(owner: { userId: string; sessionId: string }, revoke: (what: RevokedAccess) => void): () => void {
      const socket = { ...owner, revoke };
      sockets.add(socket);
      return () => sockets.delete(socket);
    },
    /** Ends every socket the announcement covers; returns how many. */
    revoke(revoked: AccessRevoked): number {
      const sessionIds = new Set(revoked.sessionIds ?? []);
      let count = 0;
      for (const socket of [...sockets]) {
        const isAccount = socket.userId === revoked.userId;
        if (!isAccount && !sessionIds.has(socket.sessionId)) continue;
        sockets.delete(socket);
        socket.revoke(isAccount ? 'account' : 'session');
        count += 1;
      }
      return count;
    },
  };
}

export type OpenSockets = ReturnType<typeof createOpenSockets>;
