import type { FastifyInstance } from 'fastify';

/**
 * Listens, then on SIGTERM/SIGINT closes gracefully: stop accepting, let in-flight requests
 * finish (Fastify's close), run `onShutdown` (drain consumers, close Redis and Prisma), exit.
 * A second signal or a stuck close past `graceMs` forces the exit.
 */
export async function runService(
  app: FastifyInstance,
  options: { port: number; host: string; onShutdown?: () => Promise<void>; graceMs?: number },
): Promise<void> {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) process.exit(1);
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      app.log.error('graceful shutdown timed out');
      process.exit(1);
    }, options.graceMs ?? 15_000);
    force.unref();
    try {
      await app.close();
      await options.onShutdown?.();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: options.port, host: options.host });
}
