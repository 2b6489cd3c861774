import type { Redis } from 'ioredis';
import { pacedPrompt, type Pipeline } from './arms';
import type { BenchUser } from './setup';
import { newHistogram, percentileMs, recordMs, round2 } from './stats';

/**
 * Issue 11 §2.6, what a token costs: WebSocket bytes and Redis bytes per token for a 1k- and a
 * 10k-token answer (a pipeline whose writes grow with the square of the answer shows up as a ratio
 * well above 1), Redis commands per delivered delta, and a bystander's `GET /api/models` p99 while
 * streams run against the same with nothing running.
 *
 * Redis figures come from the server's own counters (INFO), so they include anything else using
 * that Redis meanwhile: run on a Redis of your own for exact figures.
 */

async function redisCounters(redis: Redis): Promise<{ commands: number; inputBytes: number }> {
  const [commandStats, stats] = await Promise.all([redis.info('commandstats'), redis.info('stats')]);
  let commands = 0;
  for (const match of commandStats.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)) commands += Number(match[1]);
  const inputBytes = Number(/^total_net_input_bytes:(\d+)/m.exec(stats)?.[1] ?? Number.NaN);
  // The two INFO calls themselves are not the pipeline's.
  return { commands: commands - 2, inputBytes };
}

interface AnswerCost {
  tokens: number;
  streams: number;
  errors: number;
  webSocketBytesPerToken: number | null;
  redisInputBytesPerToken: number | null;
  redisCommandsPerDelta: number | null;
}

export interface CostSummary {
  answers: AnswerCost[];
  /** WebSocket bytes per token, long ÷ short answer. */
  bytesPerTokenRatio: number | null;
  bystander: { idleP99Ms: number | null; busyP99Ms: number | null; ratio: number | null; streams: number };
  /** Redis commands (everything the stack sent meanwhile) per delta delivered, over the paced streams. */
  pacedRedisCommandsPerDelta: number | null;
}

async function answerCost(
  pipeline: Pipeline,
  redis: Redis,
  user: BenchUser,
  tokens: number,
  streams: number,
): Promise<AnswerCost> {
  const shape = { deltas: tokens, bytes: 4, delayMs: 0, leadMs: 0 };
  const bytesBefore = user.received.bytes;
  const before = await redisCounters(redis);
  let frames = 0;
  let errors = 0;
  for (let index = 0; index < streams; index += 1) {
    const result = await pipeline(user, user.chatIds[index % user.chatIds.length]!, pacedPrompt(shape));
    frames += result.frames;
    if (result.error) errors += 1;
  }
  const after = await redisCounters(redis);
  const total = tokens * streams;
  return {
    tokens,
    streams,
    errors,
    webSocketBytesPerToken: round2((user.received.bytes - bytesBefore) / total),
    redisInputBytesPerToken: round2((after.inputBytes - before.inputBytes) / total),
    redisCommandsPerDelta: frames ? round2((after.commands - before.commands) / frames) : null,
  };
}

/** `GET /api/models` one after another for `durationMs`: the p99 in ms. */
async function bystanderP99(gatewayUrl: string, token: string, durationMs: number): Promise<number> {
  const histogram = newHistogram();
  const until = performance.now() + durationMs;
  try {
    while (performance.now() < until) {
      const started = performance.now();
      const response = await fetch(`${gatewayUrl}/api/models`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await response.arrayBuffer();
      if (response.ok) recordMs(histogram, performance.now() - started);
    }
    return percentileMs(histogram, 99);
  } finally {
    histogram.destroy();
  }
}

export async function measureCost(options: {
  pipeline: Pipeline;
  redis: Redis;
  gatewayUrl: string;
  /** The first user answers the long replies; the others stream while the bystander asks. */
  users: BenchUser[];
  bystanderToken: string;
  streamsEach: number;
  /** A short and a long answer, in tokens (the issue: 1k and 10k). */
  tokens: readonly [number, number];
  bystanderStreams: number;
  bystanderMs: number;
  paced: { deltas: number; bytes: number; delayMs: number; leadMs: number };
}): Promise<CostSummary> {
  const [owner] = options.users;
  if (!owner) throw new Error('the cost suite needs at least one user');
  const answers = [
    await answerCost(options.pipeline, options.redis, owner, options.tokens[0], options.streamsEach),
    await answerCost(options.pipeline, options.redis, owner, options.tokens[1], options.streamsEach),
  ];
  const [short, long] = answers;
  const bytesPerTokenRatio =
    short?.webSocketBytesPerToken && long?.webSocketBytesPerToken
      ? Math.round((long.webSocketBytesPerToken / short.webSocketBytesPerToken) * 1000) / 1000
      : null;

  const idleP99Ms = await bystanderP99(options.gatewayUrl, options.bystanderToken, options.bystanderMs);
  const streamers = options.users.slice(0, options.bystanderStreams);
  const before = await redisCounters(options.redis);
  const running = Promise.all(
    streamers.map((user) => options.pipeline(user, user.chatIds[0]!, pacedPrompt(options.paced))),
  );
  const busyP99Ms = await bystanderP99(options.gatewayUrl, options.bystanderToken, options.bystanderMs);
  const frames = (await running).reduce((sum, result) => sum + result.frames, 0);
  const after = await redisCounters(options.redis);
  return {
    answers,
    bytesPerTokenRatio,
    bystander: {
      idleP99Ms: round2(idleP99Ms),
      busyP99Ms: round2(busyP99Ms),
      ratio: idleP99Ms > 0 ? Math.round((busyP99Ms / idleP99Ms) * 100) / 100 : null,
      streams: streamers.length,
    },
    pacedRedisCommandsPerDelta: frames ? round2((after.commands - before.commands) / frames) : null,
  };
}
