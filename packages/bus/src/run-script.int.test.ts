import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { runScript } from './run-script';
import { connectRedis, deleteKeys, randomPrefix } from './test-support';

const prefix = randomPrefix();
const redis = connectRedis();
// The provider-worker's and chat-service's clients batch each tick's commands into one write.
const pipelined = new Redis(redis.options.port!, redis.options.host!, { enableAutoPipelining: true });

afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
  pipelined.disconnect();
});

const INCREMENT = { keys: 1, lua: `return redis.call('INCRBY', KEYS[1], ARGV[1])` };

describe('runScript', () => {
  it('runs the script with its keys and arguments, and again once Redis has forgotten it (a restart)', async () => {
    const key = `${prefix}counter`;
    expect(await runScript(redis, INCREMENT, key, 2)).toBe(2);
    expect(await runScript(redis, INCREMENT, key, 3)).toBe(5);
    // What a restarted Redis knows of scripts: nothing. The next call must not fail with NOSCRIPT.
    await redis.script('FLUSH');
    expect(await runScript(redis, INCREMENT, key, 4)).toBe(9);
    expect(await redis.get(key)).toBe('9');
  });

  it('runs beside other commands of the same tick on an auto-pipelined client, known to Redis or not', async () => {
    const key = `${prefix}pipelined`;
    await pipelined.script('FLUSH');
    const first = await Promise.all([pipelined.set(key, 1), runScript(pipelined, INCREMENT, key, 1)]);
    expect(first).toEqual(['OK', 2]);
    const again = await Promise.all([pipelined.get(key), runScript(pipelined, INCREMENT, key, 5)]);
    expect(again[1]).toBe(7);
    expect(await pipelined.get(key)).toBe('7');
  });
});
