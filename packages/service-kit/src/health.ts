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

/**
 * `/health` is liveness (the process answers); `/ready` is readiness (the dependencies it cannot
 * serve without answer). `reported` checks are listed in `checks` too but never make it unready.
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  checks: Record<string, ReadinessCheck>,
  reported: Record<string, ReadinessCheck> = {},
  details?: () => Record<string, unknown>,
): void {
  app.get('/health', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/ready', { logLevel: 'warn' }, async (_request, reply) => {
    const all = { ...reported, ...checks };
    const names = Object.keys(all);
    const results = await Promise.all(names.map((name) => runCheck(all[name]!)));
    const report = Object.fromEntries(names.map((name, index) => [name, results[index]]));
    const ready = names.every((name, index) => !(name in checks) || results[index] === 'ok');
    return reply.status(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not ready',
      checks: report,
      ...(details ? { details: details() } : {}),
    });
  });
}
