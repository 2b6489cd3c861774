import { join } from 'node:path';
import { isTerminalGeneration } from '@vivier/bus';
import type { PrismaClient } from '@vivier/db';
import { eventually, freePort } from '@vivier/testkit';
import { launch, ROOT, serviceArgs, type RunningService } from '../scripts/lib/stack';

/**
 * What the fault tests share: one compiled service started on a free port (kept in `services` so
 * the test can stop them all), a request that never hangs, and a generation once it has ended.
 */

export async function startServiceProcess(
  service: 'chat-service' | 'provider-worker',
  env: Record<string, string>,
  services: RunningService[],
  label: string = service,
): Promise<RunningService> {
  const port = await freePort();
  const started = launch(label, process.execPath, serviceArgs(service), {
    cwd: join(ROOT, 'apps', service),
    env: { ...env, PORT: String(port) },
    port,
    output: 'capture',
  });
  services.push(started);
  return started;
}

/** A JSON request that may not hang: an answer that does not come in 15 s fails the test. */
export async function callApi(
  baseUrl: string,
  authorization: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, any>) : {} }; // eslint-disable-line @typescript-eslint/no-explicit-any -- asserted field by field
}

/** The generation once it has ended (done, failed or cancelled), with its assistant message. */
export function generationEnded(prisma: PrismaClient, generationId: string, timeoutMs = 30_000) {
  return eventually(async () => {
    const generation = await prisma.generation
      .findUnique({ where: { id: generationId }, include: { assistantMessage: true } })
      .catch(() => null); // the database may be down for a moment in these tests
    return generation && isTerminalGeneration(generation.status) ? generation : undefined;
  }, timeoutMs);
}
