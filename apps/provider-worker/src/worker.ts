import { createUsageMarks } from '@vivier/bus';
import { consumerGroups, GenerationRequestedV1, busStreamNames } from '@vivier/contracts';
import type { Logger } from '@vivier/service-kit';
import type { WorkerEnv } from './env';
import type { WorkerDeps } from './deps';
import { createGenerationHandler } from './handlers/generate';
import { createSettler } from './handlers/settle-generation';
import { startTitleWorker } from './jobs/title-chat';
import { createCancelRegistry } from './lib/cancel-registry';
import type { WorkerMetrics } from './lib/worker-metrics';

export const GENERATION_GROUP = consumerGroups.generationWorkers;

export type WorkerSettings = Pick<
  WorkerEnv,
  | 'REDIS_PREFIX'
  | 'WORKER_NAME'
  | 'WORKER_CONCURRENCY'
  | 'GENERATION_CLAIM_IDLE_MS'
  | 'GENERATION_MAX_DELIVERIES'
  | 'SHUTDOWN_GRACE_MS'
  | 'GENERATION_LEASE_MS'
  | 'PROVIDER_FIRST_TOKEN_TIMEOUT_MS'
  | 'PROVIDER_IDLE_TIMEOUT_MS'
>;

export interface Worker {
  /** Generations running in this process right now. */
  readonly activeGenerations: number;
  /**
   * Stops taking requests, lets running generations finish within SHUTDOWN_GRACE_MS and hands the
   * rest back to the group (left pending, reclaimed by another worker), then stops the title jobs.
   * Connections stay open: the caller closes its deps afterwards.
   */
  stop(): Promise<void>;
}

/**
 * Starts everything provider-worker consumes: generation requests (consumer group), cancel
 * requests (pub/sub) and chat-title jobs (BullMQ). Resolves once the consumer group is reading.
 */
export async function startWorker({
  env,
  deps,
  logger,
  metrics,
}: {
  env: WorkerSettings;
  deps: WorkerDeps;
  logger: Logger;
  metrics: WorkerMetrics;
}): Promise<Worker> {
  const cancels = createCancelRegistry();
  const settler = createSettler({
    db: deps.db,
    bus: deps.bus,
    streams: deps.streams,
    usageMarks: createUsageMarks({ redis: deps.redis, prefix: env.REDIS_PREFIX }),
    metrics,
    logger,
  });
  const generations = createGenerationHandler({
    db: deps.db,
    streams: deps.streams,
    providers: deps.providers,
    titles: deps.titles,
    cancels,
    settler,
    metrics,
    logger,
    attachments: deps.attachments,
    tools: deps.tools,
    approvals: deps.approvals,
    knowledge: deps.knowledge,
    workerName: env.WORKER_NAME,
    timing: {
      leaseMs: env.GENERATION_LEASE_MS,
      firstTokenTimeoutMs: env.PROVIDER_FIRST_TOKEN_TIMEOUT_MS,
      idleTimeoutMs: env.PROVIDER_IDLE_TIMEOUT_MS,
    },
  });

  // Subscribed before consuming, so a generation is never running here without its cancel path.
  const stopCancelListener = await deps.streams.onCancel(deps.cancelSubscriber, (generationId) => {
    if (cancels.cancel(generationId))
      logger.info({ generationId }, 'cancel requested; aborting the provider call');
  });
  const consumer = deps.bus.consume({
    stream: busStreamNames.generationRequests,
    group: GENERATION_GROUP,
    consumer: env.WORKER_NAME,
    schema: GenerationRequestedV1,
    handler: generations.handle,
    onDeadLetter: generations.onDeadLetter,
    concurrency: env.WORKER_CONCURRENCY,
    claimIdleMs: env.GENERATION_CLAIM_IDLE_MS,
    maxDeliveries: env.GENERATION_MAX_DELIVERIES,
    deadLetterStream: busStreamNames.generationDead,
    stopTimeoutMs: env.SHUTDOWN_GRACE_MS,
  });
  const titles = startTitleWorker({
    connection: deps.bullConnection,
    prefix: env.REDIS_PREFIX,
    db: deps.db,
    providers: deps.providers,
    logger: logger.child({ component: 'title-worker' }),
  });
  metrics.concurrencyLimit.set(env.WORKER_CONCURRENCY);
  await consumer.ready;
  logger.info(
    { consumer: env.WORKER_NAME, group: GENERATION_GROUP, concurrency: env.WORKER_CONCURRENCY },
    'consuming generation requests',
  );

  let stopping: Promise<void> | undefined;
  async function stop() {
    // The cancel listener stays on while generations drain: a user can still stop one.
    await consumer.stop();
    await titles.close();
    await stopCancelListener().catch(() => undefined);
  }

  return {
    get activeGenerations() {
      return cancels.size;
    },
    stop: () => (stopping ??= stop()),
  };
}
