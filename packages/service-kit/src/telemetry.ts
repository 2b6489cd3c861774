import { register } from 'node:module';
import type { IncomingMessage, RequestOptions } from 'node:http';
import { z } from 'zod';
import { baseEnv, loadEnvOrExit } from '@vivier/config';
import type { ServiceDefinition } from './serve';

export interface Telemetry {
  /** Flushes the spans still buffered and stops tracing (last step of a graceful shutdown). */
  stop(): Promise<void>;
}

const telemetryEnvSchema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: baseEnv.OTEL_EXPORTER_OTLP_ENDPOINT,
  /** Overrides the service's own name (e.g. `vivier-gateway`), as operators expect of the SDK. */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
});

/** Probes and scrapes every few seconds: a span each would bury the traces people look for. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);
const isUntracedPath = (path: string | undefined) => UNTRACED_PATHS.has((path ?? '').split('?')[0] ?? '');

/**
 * Starts OpenTelemetry tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set (a no-op otherwise, so local
 * runs and tests pay nothing: the SDK is only loaded then, which keeps ~29 MiB out of every
 * service's memory when tracing is off). Spans: HTTP in and out (`http`, and `undici` for fetch and the
 * gateway's proxy), Redis commands (`ioredis`); the bus adds its own producer and consumer spans.
 * The SDK reads the other standard variables itself (OTEL_EXPORTER_OTLP_HEADERS,
 * OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER, …): see docs/observability.md.
 *
 * Instrumentations patch modules as they load, so this must run before the service imports
 * fastify, http or ioredis: an entry file calls it first and imports the rest dynamically.
 */
export async function startTelemetry(serviceName: string): Promise<Telemetry> {
  const env = loadEnvOrExit(telemetryEnvSchema);
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return { stop: async () => {} };
  const [
    { createAddHookMessageChannel },
    { NodeSDK },
    { OTLPTraceExporter },
    { HttpInstrumentation },
    { IORedisInstrumentation },
    { UndiciInstrumentation },
  ] = await Promise.all([
    import('import-in-the-middle'),
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-ioredis'),
    import('@opentelemetry/instrumentation-undici'),
  ]);

  // Services are ES modules importing CommonJS packages (ioredis): `require` hooks never see
  // those imports, so the import-in-the-middle loader hook is registered too, limited to the
  // modules the instrumentations ask for.
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);

  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? serviceName,
    // Reads OTEL_EXPORTER_OTLP_ENDPOINT (appending /v1/traces) and OTEL_EXPORTER_OTLP_HEADERS.
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) => isUntracedPath(request.url),
        ignoreOutgoingRequestHook: (request: RequestOptions) => isUntracedPath(request.path ?? undefined),
      }),
      new UndiciInstrumentation({ ignoreRequestHook: (request) => isUntracedPath(request.path) }),
      new IORedisInstrumentation(),
    ],
  });
  sdk.start();
  await waitForAllMessagesAcknowledged();
  return { stop: () => sdk.shutdown() };
}

/**
 * A service's entry file in one call: tracing first, then `load` imports the service's modules
 * (dynamically, so the instrumentations patch http, undici and ioredis before they load), then
 * serveService runs it.
 */
export async function serveTracedService<S extends z.ZodObject, D extends { close(): Promise<void> }>(
  name: string,
  load: () => Promise<ServiceDefinition<S, D>>,
): Promise<void> {
  const telemetry = await startTelemetry(name);
  const { serveService } = await import('./serve');
  await serveService({ name, telemetry, ...(await load()) });
}
