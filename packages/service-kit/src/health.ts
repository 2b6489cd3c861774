import type { FastifyInstance } from 'fastify';

export type ReadinessCheck = () => Promise<unknown>;

const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(check: ReadinessCheck): Promise<'ok' | 'failing'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch {
    return 'failing';
  } finally {
    clearTimeout(timer);
  }
}

/** The usual checks: Postgres answers a query and Redis answers PING. */
export function readinessChecks(deps: {
  prisma?: { $queryRaw: (query: TemplateStringsArray) => Promise<unknown> };
  redis?: { ping: () => Promise<unknown> };
}): Record<string, ReadinessCheck> {
  const checks: Record<string, ReadinessCheck> = {};
  if (deps.prisma) checks.postgres = () => deps.prisma!.$queryRaw`SELECT 1`;
  if (deps.redis) checks.redis = () => deps.redis!.ping();
  return checks;
}

/** `/health` is liveness (the process answers); `/ready` is readiness (its dependencies answer). */
export function registerHealthRoutes(app: FastifyInstance, checks: Record<string, ReadinessCheck>): void {
  app.get('/health', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/ready', { logLevel: 'warn' }, async (_request, reply) => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((name) => runCheck(checks[name]!)));
    const report = Object.fromEntries(names.map((name, index) => [name, results[index]]));
    const ready = results.every((result) => result === 'ok');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks: report });
  });
}
