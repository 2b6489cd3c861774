import type { z } from 'zod';
import { loadEnvOrExit } from '@vivier/config';
import { createLogger, type Logger } from './logger';
import { runService } from './run-service';
import type { Telemetry } from './telemetry';
import type { Service } from './create-service';

interface ServedEnv {
  PORT: number;
  HOST: string;
  LOG_LEVEL: string;
}

/**
 * The whole of an HTTP service's server.ts once tracing has started: parse env (or exit naming the
 * bad variable), build the deps and the app, listen, and on SIGTERM close the app, then the deps,
 * then tracing. `checkEnv` may add start-up checks the schema cannot express.
 */
export async function serveService<S extends z.ZodObject, D extends { close(): Promise<void> }>(options: {
  name: string;
  /** Started by the entry file before it imported anything instrumented (see startTelemetry). */
  telemetry: Telemetry;
  envSchema: S;
  checkEnv?: (env: z.infer<S>, logger: Logger) => void;
  createDeps: (env: z.infer<S>, logger: Logger) => D | Promise<D>;
  buildApp: (input: { env: z.infer<S>; deps: D; logger: Logger }) => Service | Promise<Service>;
}): Promise<void> {
  const env = loadEnvOrExit(options.envSchema);
  const served = env as z.infer<S> & ServedEnv;
  const logger = createLogger({ name: options.name, level: served.LOG_LEVEL });
  options.checkEnv?.(env, logger);
  const deps = await options.createDeps(env, logger);
  const app = await options.buildApp({ env, deps, logger });
  await runService(app, {
    port: served.PORT,
    host: served.HOST,
    onShutdown: async () => {
      await deps.close();
      await options.telemetry.stop();
    },
  });
}
