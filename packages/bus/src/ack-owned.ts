import type { Redis } from 'ioredis';
import { runScript } from './run-script';

// XACK acks for the whole group, whoever holds the entry: a consumer that acked an entry another
// consumer had reclaimed would drop that consumer's delivery (and its retry if it then died).
const ACK_OWNED_SCRIPT = {
  keys: 1,
  lua: `
if #redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1, ARGV[2]) == 0 then return 0 end
return redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
`,
};

/** Acks `entryId` only while it is still pending for `consumer`; resolves true when it did. */
export async function ackOwned(
  redis: Redis,
  stream: string,
  group: string,
  consumer: string,
  entryId: string,
): Promise<boolean> {
  return Number(await runScript(redis, ACK_OWNED_SCRIPT, stream, group, consumer, entryId)) === 1;
}
