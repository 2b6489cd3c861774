import type { Redis } from 'ioredis';
import {
  accessChangedChannel,
  accessRevokedChannel,
  type AccessRevoked,
  type AccountRefusal,
  type DisabledUsers,
} from '@vivier/service-kit';

/**
 * The account check (disabled, signed out, role changed) without a Redis round trip per request
 * (issue 11): each caller's answer is remembered for ENTRY_TTL_MS and forgotten at once when
 * auth-service announces a change: `access.revoked` (disabled, deleted, sessions signed out) and
 * `access.changed` (re-enabled, new role). An announcement missed while the subscriber was
 * disconnected cannot leave a stale answer: the cache is emptied and bypassed until it is
 * subscribed again, and no answer outlives ENTRY_TTL_MS anyway (the bound on a key written in
 * Redis without an announcement).
 */
const ENTRY_TTL_MS = 1_000;
/** More callers than this at once: start over rather than grow (an entry lives 1 s anyway). */
const MAX_ENTRIES = 100_000;

interface Entry {
  userId: string;
  sessionId: string;
  refusal: AccountRefusal | null;
  expiresAt: number;
}

type Caller = Parameters<DisabledUsers['refusalFor']>[0];

export function createAccountStateCache(options: {
  accounts: Pick<DisabledUsers, 'refusalFor'>;
  /** A connection of its own: it becomes subscriber-only. */
  subscriber: Redis;
  prefix: string;
}) {
  const { accounts, subscriber, prefix } = options;
  const entries = new Map<string, Entry>();
  let isSubscribed = false;
  /** Counts announcements: a read that one overtook is answered but not remembered. */
  let announcements = 0;
  const keyOf = (caller: Caller) => `${caller.id}\u0000${caller.sessionId}\u0000${caller.role}`;
  const forget = (matches: (entry: Entry) => boolean) => {
    for (const [key, entry] of entries) if (matches(entry)) entries.delete(key);
  };

  const revokedChannel = accessRevokedChannel(prefix);
  const changedChannel = accessChangedChannel(prefix);
  subscriber.on('message', (channel: string, message: string) => {
    announcements += 1;
    if (channel === changedChannel) return forget((entry) => entry.userId === message);
    if (channel !== revokedChannel) return;
    try {
      const revoked = JSON.parse(message) as AccessRevoked;
      const sessionIds = new Set(revoked.sessionIds ?? []);
      forget((entry) => entry.userId === revoked.userId || sessionIds.has(entry.sessionId));
    } catch {
      entries.clear();
    }
  });
  // Disconnected: announcements may be missed from now on. ioredis subscribes again as it
  // reconnects, before 'ready'.
  subscriber.on('close', () => {
    isSubscribed = false;
    announcements += 1;
    entries.clear();
  });
  subscriber.on('ready', () => {
    if (subscriber.mode === 'subscriber') isSubscribed = true;
  });

  return {
    /** Resolves once subscribed; until then every check goes to Redis. */
    async start(): Promise<void> {
      await subscriber.subscribe(revokedChannel, changedChannel);
      isSubscribed = true;
    },
    async refusalFor(caller: Caller): Promise<AccountRefusal | null> {
      if (!isSubscribed) return accounts.refusalFor(caller);
      const key = keyOf(caller);
      const now = Date.now();
      const cached = entries.get(key);
      if (cached && cached.expiresAt > now) return cached.refusal;
      const before = announcements;
      const refusal = await accounts.refusalFor(caller);
      // An announcement heard while this read was under way may describe a write the read did
      // not see (the two come back on different connections): not remembered.
      if (!isSubscribed || announcements !== before) return refusal;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(key, {
        userId: caller.id,
        sessionId: caller.sessionId,
        refusal,
        expiresAt: now + ENTRY_TTL_MS,
      });
      return refusal;
    },
    async stop(): Promise<void> {
      isSubscribed = false;
      entries.clear();
      subscriber.disconnect();
    },
  };
}
