import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type GenerationOutcome = 'done' | 'failed' | 'cancelled';

/** What provider-worker reports on /metrics, registered on the service's registry (`app.metrics`). */
export function createWorkerMetrics(registry: Registry) {
  const registers = [registry];
  return {
    activeGenerations: new Gauge({
      name: 'provider_worker_active_generations',
      help: 'Generations this process is running right now',
      registers,
    }),
    concurrencyLimit: new Gauge({
      name: 'provider_worker_concurrency_limit',
      help: 'Generations this process may run at once (WORKER_CONCURRENCY)',
      registers,
    }),
    tokensRelayed: new Counter({
      name: 'provider_worker_tokens_relayed_total',
      help: 'Answer text chunks (about one token each) relayed from providers to generation streams',
      labelNames: ['provider'],
      registers,
    }),
    deltaFrames: new Counter({
      name: 'provider_worker_delta_frames_total',
      help: 'Delta frames written (XADDs); far fewer than tokens when Redis is slower than the provider',
      labelNames: ['provider'],
      registers,
    }),
    generationOutcomes: new Counter({
      name: 'provider_worker_generations_total',
      help: 'Generations ended, by final status',
      labelNames: ['status'],
      registers,
    }),
    providerLatency: new Histogram({
      name: 'provider_worker_provider_latency_seconds',
      help: 'Provider latency: time to the first answer token, and to the end of the answer',
      labelNames: ['provider', 'phase'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128],
      registers,
    }),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
