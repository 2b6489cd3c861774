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
 * (issue 11): each caller's answer is remembered for a second and forgotten at once when
 * auth-service announces a change: `access.revoked` (disabled, deleted, sessions signed out) and
 * `access.changed` (re-enabled, new role). An announcement missed while the subscriber was
 * disconnected cannot leave a stale answer: the cache is emptied and bypassed until it is
 * subscribed again, and no answer outlives that second anyway (the bound on a key written in
 * Redis without an announcement).
 */
const DEFAULT_ENTRY_TTL_MS = 1_000;
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
  /** How long an answer is remembered (tests lengthen it to see what the announcements do). */
  entryTtlMs?: number;
}) {
  const { accounts, subscriber, prefix } = options;
  const entryTtlMs = options.entryTtlMs ?? DEFAULT_ENTRY_TTL_MS;
  /** Between start() and stop(): the subscription is wanted, and made again after a reconnect. */
  let isWanted = false;
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
  const subscribe = () => subscriber.subscribe(revokedChannel, changedChannel);
  // Disconnected: announcements may be missed from now on.
  subscriber.on('close', () => {
    isSubscribed = false;
    announcements += 1;
    entries.clear();
  });
  // Connected again: ioredis resends the subscription, but the cache trusts only the reply to a
  // SUBSCRIBE made now (subscribing twice to a channel is harmless). Until then, Redis answers.
  subscriber.on('ready', () => {
    if (!isWanted) return;
    subscribe().then(
      () => {
        if (isWanted) isSubscribed = true;
      },
      () => {}, // the next reconnect tries again; meanwhile every check goes to Redis
    );
  });

  return {
    /** Resolves once subscribed; until then every check goes to Redis. */
    async start(): Promise<void> {
      isWanted = true;
      await subscribe();
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
        expiresAt: now + entryTtlMs,
      });
      return refusal;
    },
    async stop(): Promise<void> {
      isWanted = false;
      isSubscribed = false;
      entries.clear();
      subscriber.disconnect();
    },
  };
}
