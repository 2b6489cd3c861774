/**
 * The streaming benchmark (issue 11 §2): the full pipeline (F: WebSocket client → gateway →
 * chat-service → Redis → provider-worker → fake LLM) and a peer LLM gateway (P: Portkey) against
 * the same fake LLM called directly (D: the `openai` SDK), interleaved round by round. See
 * bench/README.md.
 *
 *   tsx bench/src/stream/main.ts [--smoke] [--levels 1,10,100] [--rounds 3] [--lead 20] [--out bench/results]
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../../../scripts/lib/stack';
import { createDirectArm, createPipelineArm, PACED } from './arms';
import { renderMarkdown, renderSvg, renderTable } from './report';
import { runGatewayHttp, type GatewayHttpSummary } from './gateway-http';
import { Redis } from 'ioredis';
import {
  measureActiveStreams,
  measureThroughput,
  waitForQuiet,
  type ActiveStreamSummary,
  type ThroughputSummary,
} from './capacity';
import { measureCost, type CostSummary } from './cost';
import { measureIdleSockets, totalRssKiB, type IdleSocketSummary } from './memory';
import { runScenario, summarise, type ScenarioSummary } from './scenarios';
import { closeUsers, createUsers, startEnvironment } from './setup';

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    levels: { type: 'string' },
    rounds: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench', 'results') },
    label: { type: 'string', default: '' },
    // ms between the role chunk and the first delta; 0 sends them together, as real models do,
    // which shows the 25 ms the peer (Portkey) holds every stream's first chunk (TOOLCHAIN.md).
    lead: { type: 'string' },
    // Idle WebSockets for the memory figure (issue 11 asks for 5,000–10,000).
    sockets: { type: 'string' },
    // Only the streaming scenarios (no memory, cost or gateway HTTP suites): quick loops, profiles.
    'scenarios-only': { type: 'boolean', default: false },
    // Streams under way at once for the memory per active stream (issue 11: 1,000).
    active: { type: 'string' },
  },
});

const smoke = values.smoke;
const scenariosOnly = values['scenarios-only'];
const levels = (values.levels ?? (smoke ? '1,2' : '1,10,100,300'))
  .split(',')
  .map((level) => Number.parseInt(level, 10))
  .filter((level) => level > 0);
const rounds = Number(values.rounds ?? (smoke ? 1 : 3));
const shape = {
  ...(smoke ? { deltas: 8, bytes: 16, delayMs: 2, leadMs: 2 } : PACED),
  ...(values.lead === undefined ? {} : { leadMs: Number(values.lead) }),
};
/** Waves per arm per round: more samples where one wave gives few. */
const wavesFor = (concurrency: number) => (smoke ? 1 : concurrency === 1 ? 8 : concurrency <= 10 ? 3 : 1);

const startedAt = new Date();
const loadAverageAtStart = loadavg().map((value) => Math.round(value * 10) / 10);
// 1,000 streams under way at once (the memory per active stream) need more than the worker's
// default of 512 at a time.
const activeCount = Number(values.active ?? (smoke ? 10 : 1_000));
const environment = await startEnvironment({
  extraEnv: { WORKER_CONCURRENCY: String(Math.max(512, activeCount + 24)) },
});
const summaries: ScenarioSummary[] = [];
let gatewayHttp: GatewayHttpSummary | undefined;
let cost: CostSummary | undefined;
let activeStreams: ActiveStreamSummary | undefined;
let throughput: ThroughputSummary | undefined;
let memory:
  { idle: IdleSocketSummary; rssBeforeLoadKiB: number; rssAfterLoadKiB: number; ratio: number } | undefined;
try {
  const maxLevel = Math.max(...levels);
  console.log(`[bench] creating ${maxLevel} users with a chat and a WebSocket each`);
  const users = await createUsers(environment.gatewayUrl, maxLevel, 1, 'stream');
  const [oneUser] = await createUsers(environment.gatewayUrl, 1, 10, 'same-user');
  const direct = createDirectArm(environment.fakeLlmUrl);
  const peer = createDirectArm(environment.peer.url, environment.peer.headers);
  const pipeline = createPipelineArm(environment.gatewayUrl);

  // Warm-up: the first requests pay for connection set-up and JIT, on every arm.
  await runScenario({
    name: 'warm-up',
    concurrency: Math.min(10, maxLevel),
    rounds: 1,
    waves: 1,
    shape,
    arms: {
      D: (_index, prompt) => direct(prompt),
      F: (index, prompt) => pipeline(users[index]!, users[index]!.chatIds[0]!, prompt),
      P: (_index, prompt) => peer(prompt),
    },
  });

  const services = environment.stack.services;
  // Idle sockets first, while the processes hold no garbage from the load: after it, a collection
  // during the measurement can make the difference negative.
  const idle = scenariosOnly
    ? undefined
    : await measureIdleSockets({
        gatewayUrl: environment.gatewayUrl,
        token: users[0]!.token,
        services: services.filter((service) => service.name === 'gateway' || service.name === 'chat-service'),
        count: Number(values.sockets ?? (smoke ? 50 : 5_000)),
      });
  const rssBeforeLoadKiB = totalRssKiB(services);
  // Then 1,000 streams under way at once, also before the scenarios: after them the processes
  // hold garbage that a collection during this measurement would free, hiding what it costs.
  const crowd = scenariosOnly
    ? []
    : await createUsers(environment.gatewayUrl, Math.ceil(activeCount / 10), 10, 'active');
  if (!scenariosOnly)
    activeStreams = await measureActiveStreams({
      pipeline,
      users: crowd,
      services: services.filter((service) => service.name === 'gateway' || service.name === 'chat-service'),
      count: activeCount,
      deltas: smoke ? 12 : 120,
    });
  // The burst's aftermath (settling, 1,000 title jobs) must not run during the timed scenarios.
  const pipelinePids = [
    ...services
      .filter((service) => ['gateway', 'chat-service', 'provider-worker'].includes(service.name))
      .flatMap((service) => (service.child.pid ? [service.child.pid] : [])),
    ...(environment.redisPid ? [environment.redisPid] : []),
  ];
  if (!scenariosOnly) console.log(`[bench] quiet again after ${await waitForQuiet(pipelinePids)} s`);

  for (const concurrency of levels) {
    const result = await runScenario({
      name: `${concurrency} stream${concurrency === 1 ? '' : 's'}`,
      concurrency,
      rounds,
      waves: wavesFor(concurrency),
      shape,
      arms: {
        D: (_index, prompt) => direct(prompt),
        F: (index, prompt) => pipeline(users[index]!, users[index]!.chatIds[0]!, prompt),
        P: (_index, prompt) => peer(prompt),
      },
    });
    summaries.push(summarise(result));
  }
  if (oneUser && !smoke) {
    const result = await runScenario({
      name: '10 streams of one user',
      concurrency: 10,
      rounds,
      waves: wavesFor(10),
      shape,
      arms: {
        D: (_index, prompt) => direct(prompt),
        F: (index, prompt) => pipeline(oneUser, oneUser.chatIds[index]!, prompt),
      },
    });
    summaries.push(summarise(result));
  }
  const redis = scenariosOnly ? undefined : new Redis(environment.redisUrl);
  if (redis)
    try {
      cost = await measureCost({
        pipeline,
        redis,
        gatewayUrl: environment.gatewayUrl,
        users,
        bystanderToken: (oneUser ?? users[0]!).token,
        streamsEach: smoke ? 1 : 3,
        tokens: smoke ? [100, 1_000] : [1_000, 10_000],
        bystanderStreams: Math.min(100, users.length),
        bystanderMs: 1_000,
        paced: shape,
      });
    } finally {
      redis.disconnect();
    }
  const chatService = environment.stack.services.find((service) => service.name === 'chat-service');
  if (chatService && users[0] && !scenariosOnly) {
    gatewayHttp = await runGatewayHttp({
      gatewayUrl: environment.gatewayUrl,
      directUrl: chatService.url,
      token: users[0].token,
      rounds: smoke ? 1 : 3,
      durationSeconds: smoke ? 1 : 5,
      connections: 10,
    });
  }
  if (!scenariosOnly) {
    throughput = await measureThroughput({
      pipeline,
      users: crowd,
      pids: pipelinePids,
      streams: smoke ? 2 : 20,
      deltasEach: smoke ? 100 : 2_000,
    });
    closeUsers(crowd);
  }
  closeUsers([...users, ...(oneUser ? [oneUser] : [])]);
  const rssAfterLoadKiB = totalRssKiB(services);
  if (idle)
    memory = {
      idle,
      rssBeforeLoadKiB,
      rssAfterLoadKiB,
      ratio: Math.round((rssAfterLoadKiB / rssBeforeLoadKiB) * 1000) / 1000,
    };
} finally {
  await environment.close();
}

const commit = (() => {
  try {
    return execSync('git rev-parse HEAD', { cwd: ROOT }).toString().trim();
  } catch {
    return 'unknown';
  }
})();
const report = {
  suite: 'stream' as const,
  smoke,
  label: values.label,
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  commit,
  host: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    // The machine may be shared: its load says how much the absolute figures can be trusted.
    loadAverageAtStart,
    loadAverageAtEnd: loadavg().map((value) => Math.round(value * 10) / 10),
  },
  shape,
  rounds,
  scenarios: summaries,
  ...(gatewayHttp ? { gatewayHttp } : {}),
  ...(memory ? { memory } : {}),
  ...(cost ? { cost } : {}),
  ...(activeStreams ? { activeStreams } : {}),
  ...(throughput ? { throughput } : {}),
};

console.log(`\n${renderTable(report)}`);
if (!smoke) {
  mkdirSync(values.out, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:]/g, '-').replace(/\..*$/, '');
  const base = join(values.out, `${stamp}-stream${values.label ? `-${values.label}` : ''}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.md`, renderMarkdown(report));
  writeFileSync(`${base}.svg`, renderSvg(report));
  console.log(`[bench] wrote ${base}.{json,md,svg}`);
}
process.exit(0);
