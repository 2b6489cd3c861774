import type { Redis } from 'ioredis';

/**
 * Creates the group at '0', not '$', so events published before the first consumer ever started
 * are still delivered; MKSTREAM lets a consumer start before any publisher.
 */
export async function ensureConsumerGroup(redis: Redis, stream: string, group: string): Promise<void> {
  try {
    await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('BUSYGROUP')) return;
    throw error;
  }
}

/** The stream or group vanished (deleted key, FLUSHDB): the group has to be created again. */
export function isNoGroupError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOGROUP');
}
