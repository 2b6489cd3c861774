import type { Redis } from 'ioredis';
import { runScript } from './run-script';

// Resets the idle time of entries this consumer still owns (XCLAIM ... JUSTID neither bumps the
// delivery count nor returns the body). The ownership check must be atomic with the claim:
// a bare XCLAIM would steal back an entry another consumer has already taken over.
const REFRESH_SCRIPT = `
local owned = {}
local gone = {}
if redis.call('EXISTS', KEYS[1]) == 0 then
  for i = 3, #ARGV do gone[#gone + 1] = ARGV[i] end
  return {owned, gone}
end
for i = 3, #ARGV do
  local id = ARGV[i]
  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1, ARGV[2])
  if #pending > 0 then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, id, 'JUSTID')
    owned[#owned + 1] = id
  elseif #redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1) == 0 then
    gone[#gone + 1] = id
  end
end
return {owned, gone}
`;
const REFRESH = { keys: 1, lua: REFRESH_SCRIPT };

export interface ClaimState {
  /** Still this consumer's (their idle time was reset). */
  owned: string[];
  /** Pending for no consumer at all (acked elsewhere, trimmed, or Redis lost the stream). */
  gone: string[];
}

/**
 * Heartbeat for entries being handled: keeps a handler that runs longer than claimIdleMs (a long
 * generation) from being reclaimed and run twice. Ids in neither list belong to another consumer.
 */
export async function refreshClaims(
  redis: Redis,
  stream: string,
  group: string,
  consumer: string,
  entryIds: string[],
): Promise<ClaimState> {
  if (entryIds.length === 0) return { owned: [], gone: [] };
  const reply = await runScript(redis, REFRESH, stream, group, consumer, ...entryIds);
  const [owned, gone] = Array.isArray(reply) ? (reply as unknown[]) : [];
  const ids = (list: unknown) => (Array.isArray(list) ? list.map(String) : []);
  return { owned: ids(owned), gone: ids(gone) };
}
