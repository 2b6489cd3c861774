'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * False in the server HTML, true once React runs in the browser. Forms keep their submit button
 * disabled until then, so an early click can never fall back to a native GET submit that would
 * put the password in the URL.
 */
export function useIsHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
