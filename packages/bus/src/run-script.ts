import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

type ScriptArg = string | number;

export interface LuaScript {
  keys: number;
  lua: string;
}

const shas = new WeakMap<LuaScript, string>();

/**
 * Runs a Lua script by its SHA1 (`EVALSHA`), sending the body (`EVAL`) only when Redis does not
 * know it yet (`NOSCRIPT`: a fresh or restarted Redis). `eval` sends the body and has Redis hash
 * it on every call: the send path ran four per answer at about 50 µs of Redis CPU each, against
 * about 20 for `EVALSHA` (bench `cpu.ts`, issue 11).
 * Written here rather than with ioredis's `defineCommand`: a command defined on a client after an
 * auto-pipeline of the same tick was opened is missing from that pipeline, which then throws
 * inside ioredis and takes the process down; defining every script up front would tie each
 * client's creator to every script a package may run on it.
 */
export async function runScript(redis: Redis, script: LuaScript, ...args: ScriptArg[]): Promise<unknown> {
  let sha = shas.get(script);
  if (!sha) {
    sha = createHash('sha1').update(script.lua).digest('hex');
    shas.set(script, sha);
  }
  try {
    return await redis.evalsha(sha, script.keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script.lua, script.keys, ...args);
  }
}
