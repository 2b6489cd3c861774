import type { Redis } from 'ioredis';

const MAX_IDLE = 8;

/**
 * Dedicated connections for blocking reads. A few idle ones are kept so a busy replica does not
 * reconnect for every generation it relays; closing disconnects all of them, which makes any
 * XREAD BLOCK in flight fail at once.
 */
export function createReaderPool(connect: () => Redis) {
  const idle: Redis[] = [];
  const busy = new Set<Redis>();

  return {
    acquire(): Redis {
      const reader = idle.pop() ?? connect();
      busy.add(reader);
      return reader;
    },
    release(reader: Redis, discard = false): void {
      busy.delete(reader);
      if (discard || idle.length >= MAX_IDLE || reader.status !== 'ready') reader.disconnect();
      else idle.push(reader);
    },
    async close(): Promise<void> {
      for (const reader of [...busy, ...idle.splice(0)]) reader.disconnect();
      busy.clear();
    },
  };
}
