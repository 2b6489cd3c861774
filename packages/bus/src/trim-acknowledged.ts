import type { Redis } from 'ioredis';
import { runScript } from './run-script';

// Entries older than every group's oldest pending entry and last delivered id have been acked by
// every group: only those may go. With no group at all nothing is known to be read, so nothing
// goes. MINID ~ trims whole radix-tree nodes only, never past the id (so never an unread entry).
const TRIM_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local groups = redis.call('XINFO', 'GROUPS', KEYS[1])
if #groups == 0 then return 0 end
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local function less(a, b)
  local am, as = parse(a)
  local bm, bs = parse(b)
  return am < bm or (am == bm and as < bs)
end
local floor = nil
for _, group in ipairs(groups) do
  local fields = {}
  for i = 1, #group, 2 do fields[group[i]] = group[i + 1] end
  local candidate = fields['last-delivered-id']
  if tonumber(fields['pending']) > 0 then
    local oldest = redis.call('XPENDING', KEYS[1], fields['name'], '-', '+', 1)
    if #oldest > 0 and less(oldest[1][1], candidate) then candidate = oldest[1][1] end
  end
  if floor == nil or less(candidate, floor) then floor = candidate end
end
if floor == '0-0' then return 0 end
return redis.call('XTRIM', KEYS[1], 'MINID', '~', floor)
`;
const TRIM = { keys: 1, lua: TRIM_SCRIPT };

/**
 * Trims a work stream up to what every consumer group has acknowledged, never an entry some group
 * has not read or not acked: during a consumer outage the stream grows instead of losing work.
 * Resolves with the number of entries removed.
 */
export async function trimAcknowledged(redis: Redis, streamKey: string): Promise<number> {
  return Number(await runScript(redis, TRIM, streamKey));
}
