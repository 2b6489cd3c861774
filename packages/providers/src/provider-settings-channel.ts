/** The parts of an ioredis client used here (this package does not depend on ioredis). */
interface Publisher {
  publish(channel: string, message: string): Promise<unknown>;
}
interface Subscriber {
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
}

/**
 * `provider.settings.changed`: admin-service publishes on this channel after it saves provider
 * settings; chat-service and provider-worker drop their cached ProviderConfig rows when it arrives.
 * Pub/sub, not a stream: a missed message only delays the change until the cache's TTL runs out.
 */
export const providerSettingsChannel = (prefix: string) => `${prefix}provider.settings.changed`;

export async function publishProviderSettingsChanged(redis: Publisher, prefix: string): Promise<void> {
  await redis.publish(providerSettingsChannel(prefix), String(Date.now()));
}

/** Calls `onChange` for every change; `subscriber` becomes subscriber-only. Resolves once subscribed. */
export async function onProviderSettingsChanged(
  subscriber: Subscriber,
  prefix: string,
  onChange: () => void,
): Promise<() => Promise<void>> {
  const channel = providerSettingsChannel(prefix);
  subscriber.on('message', (from: string) => {
    if (from === channel) onChange();
  });
  await subscriber.subscribe(channel);
  return async () => {
    await subscriber.unsubscribe(channel);
  };
}

/**
 * Keeps a registry's cached provider settings fresh: `invalidate()` on every announced change.
 * A failed subscription is only a warning: the change then applies when the cache's TTL runs out.
 */
export function invalidateOnProviderSettingsChange(
  subscriber: Subscriber,
  prefix: string,
  registry: { invalidate(): void },
  logger: { warn(details: object, message: string): void },
): void {
  onProviderSettingsChanged(subscriber, prefix, () => registry.invalidate()).catch((error: unknown) =>
    logger.warn(
      { err: error },
      'could not subscribe to provider-setting changes; they apply after the cache TTL',
    ),
  );
}
