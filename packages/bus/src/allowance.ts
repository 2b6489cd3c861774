import type { Redis } from 'ioredis';
import { runScript } from './run-script';

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
 * Nothing on the path to the first token waits for billing (issue 11): the copy lives until the
 * period's end and is *fresh* for billing's TTL; a reservation on a stale copy is granted from it
 * and marks it fresh for a short grace, and its caller asks billing to reload it in the background
 * (`provisional`). A user without a copy (a new user, a new period) gets one `provisional`
 * reservation of `PROVISIONAL_MICROS` while billing loads it: at most one answer a period is
 * started unverified, so the allowance is never overspent by more than one answer. A stale copy
 * that would refuse, and any send while the first is unverified, ask billing first (`missing`).
 *
 * Keys (the braces keep them in one cluster slot):
 * - `{prefix}quota:{userId}`        hash: limit, spent, reserve, periodStart, resetsAt, fresh (ms);
 *   expires at the period's end;
 * - `{prefix}quota:{userId}:held`   hash: generationId → "micros:expiresAtMs";
 * - `{prefix}quota:{userId}:first`  the one unverified reservation was given (kept a period long).
 */

/** A reservation whose usage never arrives (an answer that failed before any output) lapses after this. */
export const RESERVATION_HOLD_MS = 15 * 60 * 1000;
/** What the unverified first answer holds (billing's default reservation floor). */
export const PROVISIONAL_MICROS = 10_000;
/** One unverified answer per user in this long: longer than any billing period. */
const FIRST_MARKER_MS = 35 * 24 * 3600 * 1000;
/** A stale copy is trusted this long after one answer asked billing to reload it. */
const REFRESH_GRACE_MS = 10_000;

export type ReserveOutcome =
  | { kind: 'missing' }
  | { kind: 'reserved' }
  /** Reserved from no copy or a stale one: billing should reload the allowance (not awaited). */
  | { kind: 'provisional' }
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
local now, hold = tonumber(ARGV[2]), tonumber(ARGV[3])
local function take(amount)
  redis.call('HSET', KEYS[2], ARGV[1], string.format('%d:%d', amount, now + hold))
  redis.call('PEXPIRE', KEYS[2], hold)
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  if redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[5]) then
    take(tonumber(ARGV[4]))
    return {3}
  end
  return {0}
end
local a = redis.call('HMGET', KEYS[1], 'limit', 'spent', 'reserve', 'resetsAt', 'fresh')
local limit, spent, reserve, resetsAt = tonumber(a[1]), tonumber(a[2]), tonumber(a[3]), tonumber(a[4])
local stale = now >= (tonumber(a[5]) or 0)
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
if spent + held >= limit then
  if stale then return {0} end
  return {2, tostring(spent), tostring(held), tostring(limit), tostring(resetsAt)}
end
take(reserve)
if stale then
  redis.call('HSET', KEYS[1], 'fresh', now + tonumber(ARGV[6]))
  return {3}
end
return {1}
`;
const RESERVE_SCRIPT = { keys: 3, lua: RESERVE };

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
const SETTLE_SCRIPT = { keys: 2, lua: SETTLE };

export function allowanceKeys(prefix: string, userId: string) {
  const allowance = `${prefix}quota:{${userId}}`;
  return { allowance, held: `${allowance}:held`, first: `${allowance}:first` };
}

export function createAllowanceStore(deps: { redis: Redis; prefix: string; holdMs?: number }) {
  const { redis, prefix } = deps;
  const holdMs = deps.holdMs ?? RESERVATION_HOLD_MS;

  return {
    /** chat-service, before an answer starts: hold one answer's worth of the allowance for it. */
    async reserve(userId: string, generationId: string, now = Date.now()): Promise<ReserveOutcome> {
      const keys = allowanceKeys(prefix, userId);
      const reply = (await runScript(
        redis,
        RESERVE_SCRIPT,
        keys.allowance,
        keys.held,
        keys.first,
        generationId,
        now,
        holdMs,
        PROVISIONAL_MICROS,
        FIRST_MARKER_MS,
        REFRESH_GRACE_MS,
      )) as [0] | [1] | [3] | [2, string, string, string, string];
      if (reply[0] === 0) return { kind: 'missing' };
      if (reply[0] === 1) return { kind: 'reserved' };
      if (reply[0] === 3) return { kind: 'provisional' };
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

    /**
     * billing-service: the allowance as its ledger has it now; kept until the period's end, fresh
     * for `ttlMs` (then the next answer has billing reload it).
     */
    async load(userId: string, state: AllowanceState, ttlMs: number): Promise<void> {
      const keys = allowanceKeys(prefix, userId);
      const now = Date.now();
      if (state.resetsAt.getTime() <= now) return;
      await redis
        .multi()
        .hset(keys.allowance, {
          limit: state.limitMicros,
          spent: state.spentMicros,
          reserve: state.reserveMicros,
          periodStart: state.periodStart.getTime(),
          resetsAt: state.resetsAt.getTime(),
          fresh: now + ttlMs,
        })
        .pexpireat(keys.allowance, state.resetsAt.getTime())
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
      await runScript(
        redis,
        SETTLE_SCRIPT,
        keys.allowance,
        keys.held,
        generationId,
        Math.max(0, Math.round(usage.costMicros)),
        usage.occurredAt.getTime(),
        0,
        usage.isNew ? '1' : '0',
      );
    },

    /** billing-service, when a user's plan changes: the next answer asks billing first. */
    async invalidate(userId: string): Promise<void> {
      const keys = allowanceKeys(prefix, userId);
      await redis.multi().del(keys.allowance).set(keys.first, '1', 'PX', FIRST_MARKER_MS).exec();
    },
  };
}

export type AllowanceStore = ReturnType<typeof createAllowanceStore>;
