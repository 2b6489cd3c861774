import type { ReadinessCheck } from '@vivier/service-kit';

/** A downstream is ready when its own /ready answers 200 (it checks its Postgres and Redis). */
export function downstreamReady(baseUrl: string): ReadinessCheck {
  return async () => {
    const response = await fetch(new URL('/ready', baseUrl), { signal: AbortSignal.timeout(1_500) });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`${baseUrl} answered ${response.status}`);
  };
}
