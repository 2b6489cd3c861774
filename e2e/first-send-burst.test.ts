import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { allowanceKeys } from '@vivier/bus';
import {
  eventually,
  fakeReply,
  startFakeLlm,
  startSmtpSink,
  testRedisUrl,
  uniqueEmail,
  uniqueRedisPrefix,
  type FakeLlm,
  type SmtpSink,
} from '@vivier/testkit';
import type { Stack } from '../scripts/lib/stack';
import { GENEROUS_LIMITS, startTestStack } from './test-stack';
import { answerOf, createClient, type Frame } from './chat-client';

/**
 * Issue 11: a burst of brand-new users sending at once. Each user's first answer must start from
 * the hot allowance without waiting on billing-service (under load, billing once missed the quota
 * deadline for 76 of 90 such sends: 503). The limit case is a billing that does not answer at all
 * (its process paused): every first answer still starts and completes, and once billing runs
 * again each is charged exactly once and its reservation ends.
 */
const USERS = 100;
let stack: Stack;
let smtp: SmtpSink;
let fake: FakeLlm;
let client: ReturnType<typeof createClient>;
const redisPrefix = uniqueRedisPrefix('e2e-burst');
const redis = new Redis(testRedisUrl());

beforeAll(async () => {
  smtp = await startSmtpSink();
  fake = await startFakeLlm({ tokenDelayMs: 2 });
  stack = await startTestStack({
    label: 'e2e-burst',
    redisPrefix,
    smtpUrl: smtp.url,
    env: {
      ...GENEROUS_LIMITS,
      OPENAI_COMPATIBLE_BASE_URL: fake.openaiBaseUrl,
      QUOTA_FAILURE_POLICY: 'refuse',
    },
  });
  client = createClient(stack.gateway.url);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  redis.disconnect();
  await fake?.close();
  await smtp?.close();
});

async function newUserWithChat(index: number) {
  const registered = await client.call('POST', '/api/auth/register', {
    body: { email: uniqueEmail(`burst-${index}`), password: 'Correct-Horse-9-Battery' },
  });
  expect(registered.status, registered.text).toBe(201);
  const token = registered.json.accessToken as string;
  const chat = await client.call('POST', '/api/chats', {
    token,
    body: { provider: 'openai-compatible', model: 'fake' },
  });
  expect(chat.status, chat.text).toBe(201);
  return { token, userId: registered.json.user.id as string, chatId: chat.json.id as string };
}

describe('a burst of first-time users', () => {
  it('starts every first answer and charges each exactly once', async () => {
    const users = [];
    for (let batch = 0; batch < USERS; batch += 10) {
      users.push(
        ...(await Promise.all(Array.from({ length: 10 }, (_, offset) => newUserWithChat(batch + offset)))),
      );
    }

    const billing = stack.billing.child;
    billing.kill('SIGSTOP');
    let answers: Frame[][];
    try {
      const sends = await Promise.all(
        users.map((user, index) =>
          client.call('POST', `/api/chats/${user.chatId}/messages`, {
            token: user.token,
            body: { content: `First question ${index} about herons` },
          }),
        ),
      );
      for (const sent of sends) expect(sent.status, sent.text).toBe(202);
      answers = await Promise.all(
        users.map((user, index) =>
          client.watch(sends[index]!.json.generationId as string, user.token, { timeoutMs: 120_000 }),
        ),
      );
    } finally {
      billing.kill('SIGCONT');
    }

    const costs = answers.map((frames, index) => {
      const done = frames.at(-1)!;
      expect(done.type).toBe('done');
      expect(answerOf(frames)).toBe(fakeReply(`First question ${index} about herons`));
      // The offline demo's price: 1 and 2 micro-dollars an input and an output token.
      expect(done.costMicros).toBe(done.usage!.inputTokens + 2 * done.usage!.outputTokens);
      return done.costMicros!;
    });

    for (const [index, user] of users.entries()) {
      // The ledger has the answer once, at its cost.
      const report = await eventually(async () => {
        const usage = await client.call('GET', '/api/billing/usage', { token: user.token });
        return usage.status === 200 && usage.json.totals.costMicros > 0 ? usage.json : undefined;
      }, 60_000);
      expect(report.totals.costMicros).toBe(costs[index]);
      // The answer's reservation has ended: the allowance holds nothing for it any more.
      const { held } = allowanceKeys(redisPrefix, user.userId);
      await eventually(async () => (await redis.hlen(held)) === 0, 30_000);
    }
    // Nothing arrives late to charge an answer twice.
    const again = await Promise.all(
      users.map((user) => client.call('GET', '/api/billing/usage', { token: user.token })),
    );
    expect(again.map((usage) => usage.json.totals.costMicros)).toEqual(costs);
  }, 300_000);
});
