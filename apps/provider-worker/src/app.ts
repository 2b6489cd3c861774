import { busStreamNames } from '@vivier/contracts';
import { createService, readinessChecks, type Logger, type Service } from '@vivier/service-kit';
import type { WorkerDeps } from './deps';
import { TITLE_QUEUE } from './jobs/title-chat';

/**
 * The worker's only HTTP surface: `/health`, `/ready` (Postgres + Redis) and `/metrics`, all from
 * service-kit, with the backlog of what it consumes (generation requests, title jobs). Generation
 * metrics are registered on `app.metrics` by the caller (createWorkerMetrics).
 */
export function buildApp({
  deps,
  logger,
}: {
  deps: Pick<WorkerDeps, 'db' | 'redis' | 'bus' | 'titles'>;
  logger: Logger;
}): Service {
  return createService({
    name: 'provider-worker',
    logger,
    readiness: readinessChecks({ prisma: deps.db, redis: deps.redis }),
    backlog: {
      redis: deps.redis,
      streams: [
        {
          stream: deps.bus.streamKey(busStreamNames.generationRequests),
          deadLetterStream: deps.bus.streamKey(busStreamNames.generationDead),
        },
      ],
      queues: { [TITLE_QUEUE]: deps.titles.jobCounts },
    },
  });
}
