import type { Redis } from 'ioredis';
import type { Role } from '@vivier/contracts';

/**
 * Account changes that must reach access tokens before they expire, mirrored into Redis by
 * auth-service so the gateway can act on them at once instead of waiting up to 15 minutes:
 * - a disabled user's tokens are refused;
 * - after a role change, a token still carrying the old role is refused, so the client refreshes
 *   and gets one with the new role (a demoted admin loses the admin area at once, a promoted
 *   user gains it on the next request). The key expires with the longest-lived access token;
 * - a signed-out session (revoked from the account page, or every other session after a password
 *   change) has its access tokens refused, by their `sid`;
 * - a deleted account's tokens are refused like a disabled one's until they have all expired.
 */
export const disabledUserKey = (prefix: string, userId: string) => `${prefix}disabled-user:${userId}`;
export const userRoleKey = (prefix: string, userId: string) => `${prefix}user-role:${userId}`;
const revokedSessionKey = (prefix: string, sessionId: string) => `${prefix}revoked-session:${sessionId}`;

/** Longer than any access token lives; after that no token with the old role can exist. */
const ROLE_MIRROR_TTL_SECONDS = 24 * 3600;

export type AccountRefusal = 'disabled' | 'role-changed' | 'session-revoked';

/**
 * Announced when sessions end or an account is disabled or deleted, so a service holding
 * long-lived connections (chat-service's WebSockets) closes them at once. Pub/sub: a missed
 * message is covered by `refusalFor`, which those services also check on each new subscription.
 */
export interface AccessRevoked {
  /** Every session of this user ended. */
  userId?: string;
  sessionIds?: string[];
}
export const accessRevokedChannel = (prefix: string) => `${prefix}access.revoked`;
/**
 * Announced (with the user id as the message) when an account's state changes in a way that lets
 * tokens through again or differently: re-enabled, or a new role. A cache of account state (the
 * gateway's) drops the user's entry; nothing is closed.
 */
export const accessChangedChannel = (prefix: string) => `${prefix}access.changed`;

/** The parts of an ioredis client a listener uses (`subscriber` becomes subscriber-only). */
interface Subscriber {
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  subscribe(channel: string): Promise<unknown>;
}

/** Calls `onRevoked` for every announcement; resolves once subscribed. */
export async function onAccessRevoked(
  subscriber: Subscriber,
  prefix: string,
  onRevoked: (revoked: AccessRevoked) => void,
): Promise<void> {
  const channel = accessRevokedChannel(prefix);
  subscriber.on('message', (from, message) => {
    if (from !== channel) return;
    try {
      onRevoked(JSON.parse(message) as AccessRevoked);
    } catch {
      // Not ours to fail on: the key checks still refuse the session.
    }
  });
  await subscriber.subscribe(channel);
}

export function createDisabledUsers(redis: Redis, prefix: string) {
  return {
    async mark(userId: string, disabled: boolean): Promise<void> {
      if (!disabled) {
        await redis
          .multi()
          .del(disabledUserKey(prefix, userId))
          .publish(accessChangedChannel(prefix), userId)
          .exec();
        return;
      }
      await redis
        .multi()
        .set(disabledUserKey(prefix, userId), '1')
        .publish(accessRevokedChannel(prefix), JSON.stringify({ userId } satisfies AccessRevoked))
        .exec();
    },
    async isDisabled(userId: string): Promise<boolean> {
      return (await redis.exists(disabledUserKey(prefix, userId))) === 1;
    },
    async markDeleted(userId: string): Promise<void> {
      await redis
        .multi()
        .set(disabledUserKey(prefix, userId), '1', 'EX', ROLE_MIRROR_TTL_SECONDS)
        .publish(accessRevokedChannel(prefix), JSON.stringify({ userId } satisfies AccessRevoked))
        .exec();
    },
    async revokeSessions(sessionIds: readonly string[]): Promise<void> {
      if (sessionIds.length === 0) return;
      // The keys first, then the announcement: a listener that checks on hearing it sees them.
      const transaction = redis.multi();
      for (const id of sessionIds)
        transaction.set(revokedSessionKey(prefix, id), '1', 'EX', ROLE_MIRROR_TTL_SECONDS);
      transaction.publish(
        accessRevokedChannel(prefix),
        JSON.stringify({ sessionIds: [...sessionIds] } satisfies AccessRevoked),
      );
      await transaction.exec();
    },
    async recordRole(userId: string, role: Role): Promise<void> {
      await redis
        .multi()
        .set(userRoleKey(prefix, userId), role, 'EX', ROLE_MIRROR_TTL_SECONDS)
        .publish(accessChangedChannel(prefix), userId)
        .exec();
    },
    /** Why a verified token must still be refused, if it must (one round trip). */
    async refusalFor(caller: { id: string; role: Role; sessionId: string }): Promise<AccountRefusal | null> {
      const [disabled, role, revoked] = await redis.mget(
        disabledUserKey(prefix, caller.id),
        userRoleKey(prefix, caller.id),
        revokedSessionKey(prefix, caller.sessionId),
      );
      if (disabled !== null) return 'disabled';
      if (revoked !== null) return 'session-revoked';
      if (role !== null && role !== caller.role) return 'role-changed';
      return null;
    },
  };
}

export type DisabledUsers = ReturnType<typeof createDisabledUsers>;
