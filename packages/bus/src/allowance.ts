import type { Redis } from 'ioredis';

/**
 * The usage allowance kept hot in Redis, so starting an answer costs one script call instead of a
 * request to billing-service and a ledger query. billing-service owns it: it writes the allowance
 * (limit, spend so far, the reservation size, the period) from its ledger when asked
 * (`GET /internal/quota/:userId`), adds each recorded usage to it, and drops it when a plan
 * changes. chat-service only reserves and releases.
 *
 * Every answer reserves `reserve` micros (the largest single answer of the period, at least a
 * floor) until its usage is recorded, so answers running at the same time count against the
 * allowance before they are billed. A reservation is granted while spend + reservations is below
 * the limit, atomically (one Lua script): two messages sent at the same instant cannot both take
 * the last of the allowance, and the allowance is never overspent by more than one answer.
 *
 * Keys (the braces keep both in one cluster slot):
 * - `{prefix}quota:{userId}`       hash: limit, spent, reserve, periodStart, resetsAt (ms); expires
 *   when billing says (at the period's end at the latest), then billing is asked again;
 * - `{prefix}quota:{userId}:held`  hash: generationId → "micros:expiresAtMs".
 */

/** A reservation whose usage never arrives (an answer that failed before any output) lapses after this. */
export const RESERVATION_HOLD_MS = 15 * 60 * 1000;

export type ReserveOutcome =
  | { kind: 'missing' }
  | { kind: 'reserved' }
  | { kind: 'refused'; usedMicros: number; heldMicros: number; limitMicros: number; resetsAt: string };

export interface AllowanceState {
  limitMicros: number;
  spentMicros: number;
  /** What each starting answer holds until its usage is recorded. */
  reserveMicros: number;
  periodStart: Date;
  resetsAt: Date;
}

const RESERVE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
local a = redis.call('HMGET', KEYS[1], 'limit', 'spent', 'reserve', 'resetsAt')
local limit, spent, reserve, resetsAt = tonumber(a[1]), tonumber(a[2]), tonumber(a[3]), tonumber(a[4])
local now = tonumber(ARGV[2])
if not limit or not spent or not reserve or not resetsAt or now >= resetsAt then
  redis.call('DEL', KEYS[1])
  return {0}
end
local held = 0
local entries = redis.call('HGETALL', KEYS[2])
for i = 1, #entries, 2 do
  local amount, expires = string.match(entries[i + 1], '^(%d+):(%d+)$')
  if not expires or tonumber(expires) <= now then
    redis.call('HDEL', KEYS[2], entries[i])
  elseif entries[i] ~= ARGV[1] then
    held = held + tonumber(amount)
  end
end
if spent + held >= limit then return {2, tostring(spent), tostring(held), tostring(limit), tostring(resetsAt)} end
local hold = tonumber(ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], string.format('%d:%d', reserve, now + hold))
redis.call('PEXPIRE', KEYS[2], hold)
return {1}
`;

const SETTLE = `
redis.call('HDEL', KEYS[2], ARGV[1])
if ARGV[5] ~= '1' then return 0 end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local a = redis.call('HMGET', KEYS[1], 'periodStart', 'resetsAt', 'reserve')
local at = tonumber(ARGV[3])
if at < tonumber(a[1]) or at >= tonumber(a[2]) then return 0 end
local cost = tonumber(ARGV[2])
redis.call('HINCRBY', KEYS[1], 'spent', cost)
if cost > tonumber(a[3]) then redis.call('HSET', KEYS[1], 'reserve', cost) end
return 1
`;

export function allowanceKeys(prefix: string, userId: string) {
  const allowance = `${prefix}quota:{${userId}}`;
  return { allowance, held: `${allowance}:held` };
}

export function createAllowanceStore(deps: { redis: Redis; prefix: string; holdMs?: number }) {
  const { redis, prefix } = deps;
  const holdMs = deps.holdMs ?? RESERVATION_HOLD_MS;

  return {
    /** chat-service, before an answer starts: hold one answer's worth of the allowance for it. */
    async reserve(userId: string, generationId: string, now = Date.now()): Promise<ReserveOutcome> {
      const keys = allowanceKeys(prefix, userId);
      const reply = (await redis.eval(RESERVE, 2, keys.allowance, keys.held, generationId, now, holdMs)) as
        [0] | [1] | [2, string, string, string, string];
      if (reply[0] === 0) return { kind: 'missing' };
      if (reply[0] === 1) return { kind: 'reserved' };
      return {
        kind: 'refused',
        usedMicros: Number(reply[1]),
        heldMicros: Number(reply[2]),
        limitMicros: Number(reply[3]),
        resetsAt: new Date(Number(reply[4])).toISOString(),
      };
    },

    /** chat-service, when an answer it reserved for never starts (its request could not be queued). */
    async release(userId: string, generationId: string): Promise<void> {
      await redis.hdel(allowanceKeys(prefix, userId).held, generationId);
    },

    /** billing-service: the allowance as its ledger has it now; kept for `ttlMs` at most. */
    async load(userId: string, state: AllowanceState, ttlMs: number): Promise<void> {
      const keys = allowanceKeys(prefix, userId);
      const expiresAt = Math.min(state.resetsAt.getTime(), Date.now() + ttlMs);
      if (expiresAt <= Date.now()) return;
      await redis
        .multi()
        .hset(keys.allowance, {
          limit: state.limitMicros,
          spent: state.spentMicros,
          reserve: state.reserveMicros,
          periodStart: state.periodStart.getTime(),
          resetsAt: state.resetsAt.getTime(),
        })
        .pexpireat(keys.allowance, expiresAt)
        .exec();
    },

    /**
     * billing-service, after the ledger has handled a `usage.recorded`: the answer's reservation
     * ends, and a newly recorded cost (`isNew`) is added to the spend when it falls in the period.
     */
    async settle(
      userId: string,
      generationId: string,
      usage: { costMicros: number; occurredAt: Date; isNew: boolean },
    ): Promise<void> {
      const keys = allowanceKeys(prefix, userId);
      await redis.eval(
        SETTLE,
        2,
        keys.allowance,
        keys.held,
        generationId,
        Math.max(0, Math.round(usage.costMicros)),
        usage.occurredAt.getTime(),
        0,
        usage.isNew ? '1' : '0',
      );
    },

    /** billing-service, when a user's plan changes: the next answer asks billing again. */
    async invalidate(userId: string): Promise<void> {
      await redis.del(allowanceKeys(prefix, userId).allowance);
    },
  };
}

export type AllowanceStore = ReturnType<typeof createAllowanceStore>;
