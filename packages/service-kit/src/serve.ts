import type { z } from 'zod';
import { loadEnvOrExit } from '@vivier/config';
import { createLogger, type Logger } from './logger';
import { runService } from './run-service';
import type { Telemetry } from './telemetry';
import type { Service } from './create-service';
import type { TokenKeySet } from './token-verifier';

interface ServedEnv {
  PORT: number;
  HOST: string;
  LOG_LEVEL: string;
}

/** Something a service runs beside its HTTP app (a worker loop, a metrics listener). */
interface Started {
  stop(): Promise<void>;
}

/** What a service's buildApp takes; tests add the key set they sign their tokens with. */
export interface BuildAppInput<Env, Deps> {
  env: Env;
  deps: Deps;
  logger: Logger;
  keySet?: TokenKeySet;
}

/** What a service is made of: its env schema, its composition root, its app and what runs beside it. */
export interface ServiceDefinition<S extends z.ZodObject, D extends { close(): Promise<void> }> {
  envSchema: S;
  checkEnv?: (env: z.infer<S>, logger: Logger) => void;
  createDeps: (env: z.infer<S>, logger: Logger) => D | Promise<D>;
  buildApp: (input: { env: z.infer<S>; deps: D; logger: Logger }) => Service | Promise<Service>;
  start?: (input: { env: z.infer<S>; deps: D; logger: Logger; app: Service }) => Promise<Started>;
  graceMs?: (env: z.infer<S>) => number;
}

/**
 * The whole of a service's server.ts once tracing has started: parse env (or exit naming the bad
 * variable), build the deps and the app, start what runs beside the app, listen, and on SIGTERM
 * close the app, then what was started, then the deps, then tracing. `checkEnv` may add start-up
 * checks the schema cannot express; `graceMs` widens the forced-exit deadline for a service whose
 * stop drains long work (the worker).
 */
export async function serveService<S extends z.ZodObject, D extends { close(): Promise<void> }>(
  options: ServiceDefinition<S, D> & {
    name: string;
    /** Started by the entry file before it imported anything instrumented (see startTelemetry). */
    telemetry: Telemetry;
  },
): Promise<void> {
  const env = loadEnvOrExit(options.envSchema);
  const served = env as z.infer<S> & ServedEnv;
  const logger = createLogger({ name: options.name, level: served.LOG_LEVEL });
  options.checkEnv?.(env, logger);
  const deps = await options.createDeps(env, logger);
  const app = await options.buildApp({ env, deps, logger });
  const started = await options.start?.({ env, deps, logger, app });
  await runService(app, {
    port: served.PORT,
    host: served.HOST,
    graceMs: options.graceMs?.(env),
    onShutdown: async () => {
      await started?.stop();
      await deps.close();
      await options.telemetry.stop();
    },
  });
}
