import type { Redis } from 'ioredis';

// Resets the idle time of entries this consumer still owns (XCLAIM ... JUSTID neither bumps the
// delivery count nor returns the body). The ownership check must be atomic with the claim:
// a bare XCLAIM would steal back an entry another consumer has already taken over.
const REFRESH_SCRIPT = `
local owned = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1, ARGV[2])
  if #pending > 0 then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, id, 'JUSTID')
    owned[#owned + 1] = id
  end
end
return owned
`;

/**
 * Heartbeat for entries being handled: keeps a handler that runs longer than claimIdleMs (a long
 * generation) from being reclaimed and run twice. Returns the ids this consumer still owns.
 */
export async function refreshClaims(
  redis: Redis,
  stream: string,
  group: string,
  consumer: string,
  entryIds: string[],
): Promise<string[]> {
  if (entryIds.length === 0) return [];
  const owned = await redis.eval(REFRESH_SCRIPT, 1, stream, group, consumer, ...entryIds);
  return Array.isArray(owned) ? owned.map(String) : [];
}
