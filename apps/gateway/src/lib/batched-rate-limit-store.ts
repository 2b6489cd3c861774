import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

/**
 * A @fastify/rate-limit store that counts hits on a busy key in the process and syncs them to
 * Redis in batches (issue 11: the per-request Redis round trip was a third of the gateway's
 * cost). Redis stays the source of truth shared by every gateway replica:
 *
 * - A key with a small limit (`max` < BATCH_DIVISOR × 2, e.g. the 20 registrations an hour) goes
 *   to Redis on every hit, exactly as the plugin's own Redis store does; so does a new key while
 *   MAX_TRACKED_KEYS are counted in the process.
 * - Otherwise a replica answers from what Redis said at its last sync plus its own hits since,
 *   and syncs (one INCRBY script) when it has `max / BATCH_DIVISOR` unsynced hits, when its last
 *   sync is older than SYNC_AGE_MS, or when the window ended. The hit that reaches the batch
 *   waits for that sync.
 *
 * The bound: with one replica the count is exact. With R replicas, each admits at most
 * `max / BATCH_DIVISOR − 1` hits per key on a count the others have moved since its last sync,
 * so a window lets through at most `max × (1 + R / BATCH_DIVISOR)` requests (600 a minute per
 * user over 3 replicas: at most 690), and every replica sees another's hits within SYNC_AGE_MS.
 */
const BATCH_DIVISOR = 20;
const SYNC_AGE_MS = 200;
/**
 * Keys counted in the process at most: beyond it (e.g. a crowd of anonymous addresses, each a key
 * for a minute) a new key's hits go to Redis one by one, so memory stays bounded whoever calls.
 */
const MAX_TRACKED_KEYS = 10_000;

/** INCRBY with the window's expiry set by the first hit; answers the count and the window's rest. */
const INCRBY_IN_WINDOW = `
local current = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {current, ttl}`;

interface RateLimitedRedis extends Redis {
  incrbyInWindow(key: string, by: number, windowMs: number): Promise<[number, number]>;
}

interface KeyState {
  /** The count in Redis at the last sync (everyone's hits), plus hits sent and not yet answered. */
  synced: number;
  inFlight: number;
  /** This replica's hits not sent yet. */
  pending: number;
  windowEndsAt: number;
  syncedAt: number;
  timeWindow: number;
  sync?: Promise<void>;
}

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** The parts of the plugin's store interface used here (the plugin's own types are structural). */
interface RateLimitStore {
  incr(key: string, callback: Callback, timeWindow: number, max: number): void;
  child(routeOptions: { routeInfo?: { method?: unknown; url?: unknown } }): RateLimitStore;
}

/** Sends the key's pending hits (after any sync already under way) and takes Redis' count. */
async function syncKey(redis: RateLimitedRedis, fullKey: string, state: KeyState): Promise<void> {
  while (state.sync) await state.sync;
  if (state.pending === 0) return;
  const sending = state.pending;
  state.pending = 0;
  state.inFlight = sending;
  state.sync = (async () => {
    try {
      const [current, ttl] = await redis.incrbyInWindow(fullKey, sending, state.timeWindow);
      state.synced = current;
      state.windowEndsAt = Date.now() + ttl;
      state.syncedAt = Date.now();
    } catch (error) {
      // Not counted in Redis: they stay this replica's to send.
      state.pending += sending;
      throw error;
    } finally {
      state.inFlight = 0;
      state.sync = undefined;
    }
  })();
  await state.sync;
}

class BatchedRedisStore implements RateLimitStore {
  constructor(
    private readonly redis: RateLimitedRedis,
    private readonly prefix: string,
    private readonly states: Map<string, KeyState>,
    private readonly maxTrackedKeys: number,
  ) {}

  incr(key: string, callback: Callback, timeWindow: number, max: number): void {
    const fullKey = this.prefix + key;
    const batch = Math.floor(max / BATCH_DIVISOR);
    let state = this.states.get(fullKey);
    if (batch < 2 || (!state && this.states.size >= this.maxTrackedKeys)) {
      this.redis.incrbyInWindow(fullKey, 1, timeWindow).then(
        ([current, ttl]) => callback(null, { current, ttl }),
        (error: Error) => callback(error),
      );
      return;
    }
    const now = Date.now();
    if (!state) {
      state = { synced: 0, inFlight: 0, pending: 0, windowEndsAt: 0, syncedAt: 0, timeWindow };
      this.states.set(fullKey, state);
    }
    state.pending += 1;
    const counted = state;
    const answer = () =>
      callback(null, {
        current: counted.synced + counted.inFlight + counted.pending,
        ttl: Math.max(0, counted.windowEndsAt - Date.now()),
      });
    const mustSync =
      counted.pending >= batch || counted.windowEndsAt <= now || now - counted.syncedAt >= SYNC_AGE_MS;
    if (!mustSync) return answer();
    syncKey(this.redis, fullKey, counted).then(answer, (error: Error) => callback(error));
  }

  child(routeOptions: { routeInfo?: { method?: unknown; url?: unknown } }): RateLimitStore {
    const method = routeOptions.routeInfo?.method;
    const url = routeOptions.routeInfo?.url;
    const scope = typeof method === 'string' && typeof url === 'string' ? `${method}${url}-` : '';
    return new BatchedRedisStore(this.redis, this.prefix + scope, this.states, this.maxTrackedKeys);
  }
}

/**
 * The store class for the plugin's `store` option, bound to `redis` and `prefix`. Every
 * SYNC_AGE_MS a sweep sends the hits of keys that went quiet (so other replicas see them) and
 * drops keys whose window ended; `stop` ends it.
 */
export function batchedRedisStore(redis: Redis, prefix: string, options: { maxTrackedKeys?: number } = {}) {
  if (!('incrbyInWindow' in redis))
    redis.defineCommand('incrbyInWindow', { numberOfKeys: 1, lua: INCRBY_IN_WINDOW });
  const rateLimited = redis as RateLimitedRedis;
  const states = new Map<string, KeyState>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, state] of states) {
      if (state.sync) continue;
      if (state.pending > 0 && now - state.syncedAt >= SYNC_AGE_MS)
        syncKey(rateLimited, key, state).catch(() => {});
      else if (state.pending === 0 && state.windowEndsAt <= now) states.delete(key);
    }
  }, SYNC_AGE_MS);
  sweep.unref();
  const root = new BatchedRedisStore(rateLimited, prefix, states, options.maxTrackedKeys ?? MAX_TRACKED_KEYS);
  return {
    // The plugin constructs the class it is given; every construction is this one store.
    Store: function Store() {
      return root;
    } as unknown as FastifyRateLimitStoreCtor,
    stop: () => clearInterval(sweep),
  };
}
