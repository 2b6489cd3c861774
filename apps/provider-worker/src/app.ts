import { createService, readinessChecks, type Logger, type Service } from '@vivier/service-kit';
import type { WorkerDeps } from './deps';

/**
 * The worker's only HTTP surface: `/health`, `/ready` (Postgres + Redis) and `/metrics`, all from
 * service-kit. Generation metrics are registered on `app.metrics` by the caller (createWorkerMetrics).
 */
export function buildApp({
  deps,
  logger,
}: {
  deps: Pick<WorkerDeps, 'db' | 'redis'>;
  logger: Logger;
}): Service {
  return createService({
    name: 'provider-worker',
    logger,
    readiness: readinessChecks({ prisma: deps.db, redis: deps.redis }),
  });
}
