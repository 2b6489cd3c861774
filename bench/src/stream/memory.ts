import { readFileSync } from 'node:fs';
import type WebSocket from 'ws';
import type { RunningService } from '../../../scripts/lib/stack';
import { openSocket } from './setup';

/**
 * Issue 11 §2.5, what a connection costs: the resident memory of the gateway and chat-service
 * (the two processes a WebSocket lives in) before and after opening `count` idle, authenticated
 * WebSockets, per socket. RSS is what the operator pays for; it includes garbage not yet
 * collected, so the figure is an upper bound.
 */

/** Resident set size of a process in KiB (Linux /proc). */
function rssKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : Number.NaN;
}

const rssOf = (service: RunningService) => (service.child.pid ? rssKiB(service.child.pid) : 0);

export const totalRssKiB = (services: RunningService[]) =>
  services.reduce((sum, service) => sum + rssOf(service), 0);

/** An authenticated WebSocket that only stays open (setup's socket, with nobody listening). */
const openIdleSocket = (gatewayUrl: string, token: string) =>
  openSocket(gatewayUrl, token, new Map(), { bytes: 0 });

/** RSS readings 250 ms apart until two agree within 1 % (or 20 tries): the processes settled. */
export async function settledRss(services: RunningService[]): Promise<number> {
  let previous = totalRssKiB(services);
  for (let attempt = 0; attempt < 20; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const current = totalRssKiB(services);
    if (Math.abs(current - previous) <= previous * 0.01) return current;
    previous = current;
  }
  return previous;
}

export interface IdleSocketSummary {
  sockets: number;
  opened: number;
  rssBeforeKiB: number;
  rssAfterKiB: number;
  perSocketKiB: number;
  /** The same figure per process (gateway, chat-service): which one a socket costs. */
  perSocketKiBByService: Record<string, number>;
}

const perSocket = (kib: number, sockets: number) =>
  sockets ? Math.round((kib / sockets) * 100) / 100 : Number.NaN;

export async function measureIdleSockets(options: {
  gatewayUrl: string;
  token: string;
  /** The gateway and chat-service. */
  services: RunningService[];
  count: number;
  /** Runs while every socket is open, after the reading (heap snapshots: idle-sockets.ts). */
  whileOpen?: () => Promise<void>;
}): Promise<IdleSocketSummary> {
  const before = await settledRss(options.services);
  const beforeByService = options.services.map((service) => rssOf(service));
  const sockets: WebSocket[] = [];
  let failed = 0;
  const batch = 100;
  for (let start = 0; start < options.count; start += batch) {
    const opened = await Promise.allSettled(
      Array.from({ length: Math.min(batch, options.count - start) }, () =>
        openIdleSocket(options.gatewayUrl, options.token),
      ),
    );
    for (const result of opened) {
      if (result.status === 'fulfilled') sockets.push(result.value);
      else failed += 1;
    }
  }
  const after = await settledRss(options.services);
  const afterByService = options.services.map((service) => rssOf(service));
  await options.whileOpen?.();
  for (const socket of sockets) socket.terminate();
  if (failed > 0) console.log(`[bench] ${failed} of ${options.count} idle sockets did not open`);
  return {
    sockets: options.count,
    opened: sockets.length,
    rssBeforeKiB: before,
    rssAfterKiB: after,
    perSocketKiB: perSocket(after - before, sockets.length),
    perSocketKiBByService: Object.fromEntries(
      options.services.map((service, index) => [
        service.name,
        perSocket(afterByService[index]! - beforeByService[index]!, sockets.length),
      ]),
    ),
  };
}
