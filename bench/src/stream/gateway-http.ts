import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import { median, newHistogram, percentileMs, recordMs, round2 } from './stats';

/**
 * Issue 11 §2.4, what the gateway costs a plain API call: an authenticated `GET /api/models`
 * through the gateway against the same request straight to chat-service (which verifies the same
 * access token itself), with autocannon, alternating which goes first each round. Throughput with
 * several connections (autocannon); the added latency with one, timed here in microseconds
 * (autocannon reports whole milliseconds, too coarse for a sub-millisecond target).
 */

export interface GatewayHttpSummary {
  rounds: number;
  durationSeconds: number;
  connections: number;
  /** Requests per second, median over rounds. */
  requestsPerSecond: { gateway: number; direct: number; ratio: number };
  /** One connection: gateway − direct, median over rounds of each round's percentile. */
  addedLatencyMs: { p50: number | null; p99: number | null };
  /** Non-2xx answers or errors: a number above zero means the figures are not clean. */
  failures: number;
}

interface Run {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
}

/** Sequential requests on one kept-alive connection for `durationSeconds`: p50/p99 in ms. */
async function oneConnection(url: string, token: string, durationSeconds: number): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const histogram = newHistogram();
  let failures = 0;
  const until = performance.now() + durationSeconds * 1000;
  try {
    while (performance.now() < until) {
      const started = performance.now();
      const status = await new Promise<number>((resolve, reject) => {
        const outgoing = request(
          url,
          { agent, headers: { authorization: `Bearer ${token}` } },
          (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode ?? 0));
          },
        );
        outgoing.on('error', reject);
        outgoing.end();
      }).catch(() => 0);
      if (status >= 200 && status < 300) recordMs(histogram, performance.now() - started);
      else failures += 1;
    }
    return {
      requestsPerSecond: histogram.totalCount / durationSeconds,
      p50: percentileMs(histogram, 50),
      p99: percentileMs(histogram, 99),
      failures,
    };
  } finally {
    histogram.destroy();
    agent.destroy();
  }
}

async function fire(url: string, token: string, connections: number, duration: number): Promise<Run> {
  const result = await autocannon({
    url,
    connections,
    duration,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

export async function runGatewayHttp(options: {
  gatewayUrl: string;
  directUrl: string;
  token: string;
  rounds: number;
  durationSeconds: number;
  connections: number;
}): Promise<GatewayHttpSummary> {
  const path = '/api/models';
  const ratios: number[] = [];
  const gatewayRps: number[] = [];
  const directRps: number[] = [];
  const addedP50: number[] = [];
  const addedP99: number[] = [];
  let failures = 0;
  for (let round = 0; round < options.rounds; round += 1) {
    const order = round % 2 === 0 ? (['gateway', 'direct'] as const) : (['direct', 'gateway'] as const);
    const busy: Partial<Record<'gateway' | 'direct', Run>> = {};
    const single: Partial<Record<'gateway' | 'direct', Run>> = {};
    for (const target of order) {
      const url = (target === 'gateway' ? options.gatewayUrl : options.directUrl) + path;
      busy[target] = await fire(url, options.token, options.connections, options.durationSeconds);
      single[target] = await oneConnection(url, options.token, options.durationSeconds);
      failures += busy[target].failures + single[target].failures;
    }
    gatewayRps.push(busy.gateway!.requestsPerSecond);
    directRps.push(busy.direct!.requestsPerSecond);
    ratios.push(busy.gateway!.requestsPerSecond / busy.direct!.requestsPerSecond);
    addedP50.push(single.gateway!.p50 - single.direct!.p50);
    addedP99.push(single.gateway!.p99 - single.direct!.p99);
    console.log(
      `[bench] gateway HTTP round ${round + 1}/${options.rounds}: ${Math.round(busy.gateway!.requestsPerSecond)} req/s through the gateway, ` +
        `${Math.round(busy.direct!.requestsPerSecond)} direct; one connection p50 ${single.gateway!.p50.toFixed(2)} vs ${single.direct!.p50.toFixed(2)} ms`,
    );
  }
  return {
    rounds: options.rounds,
    durationSeconds: options.durationSeconds,
    connections: options.connections,
    requestsPerSecond: {
      gateway: Math.round(median(gatewayRps)),
      direct: Math.round(median(directRps)),
      ratio: Math.round(median(ratios) * 1000) / 1000,
    },
    addedLatencyMs: { p50: round2(median(addedP50)), p99: round2(median(addedP99)) },
    failures,
  };
}
