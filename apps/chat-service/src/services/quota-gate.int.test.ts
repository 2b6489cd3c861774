import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowanceKeys, createAllowanceStore } from '@vivier/bus';
import { AppError } from '@vivier/contracts';
import { createLogger } from '@vivier/service-kit';
import { captureLogs, eventually, freePort } from '@vivier/testkit';
import { clientFor, startTestChatService } from '../test-support';
import { allowAllQuotaGate, createBillingQuotaGate, quotaGateFromEnv } from './quota-gate';

/** A stand-in billing-service: the user id in the path picks the answer. */
let billing: Server;
let billingUrl: string;
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
const spentUsers = new Set(['usr_spent']);
const logger = createLogger({ name: 'test', level: 'silent', stream: captureLogs().stream });

beforeAll(async () => {
  billing = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    const userId = decodeURIComponent((request.url ?? '').split('/').pop() ?? '');
    if (spentUsers.has(userId)) {
      response.writeHead(402, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: {
            code: 'QUOTA_EXCEEDED',
            message: 'Monthly allowance used up',
            details: [{ path: 'plan', message: 'free' }],
            meta: { usedMicros: 5_000_000, limitMicros: 5_000_000, resetsAt: '2026-12-01T00:00:00.000Z' },
          },
          requestId: 'req_billing',
        }),
      );
    } else if (userId === 'usr_not_allowed') {
      const status = { allowed: false, usedMicros: 7, limitMicros: 5, resetsAt: '2026-12-01T00:00:00.000Z' };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status));
    } else if (userId === 'usr_broken') {
      response.writeHead(500).end('oops');
    } else {
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          allowed: true,
          usedMicros: 1,
          limitMicros: 5,
          resetsAt: '2026-12-01T00:00:00.000Z',
        }),
      );
    }
  });
  await new Promise<void>((resolve) => billing.listen(0, '127.0.0.1', resolve));
  billingUrl = `http://127.0.0.1:${(billing.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => billing.close(resolve));
});

const gate = (failurePolicy: 'refuse' | 'allow', url = billingUrl) =>
  createBillingQuotaGate({
    billingUrl: url,
    internalToken: 'internal-token-0123456789',
    failurePolicy,
    logger,
    timeoutMs: 1_000,
  });

async function refusal(promise: Promise<void>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('billing quota gate', () => {
  it('allows when billing says so, sending the internal token and the request id', async () => {
    await gate('refuse').assertCanGenerate('usr_ok', 'req_abc');
    const call = seen.at(-1)!;
    expect(call.url).toBe('/internal/quota/usr_ok');
    expect(call.headers['x-internal-token']).toBe('internal-token-0123456789');
    expect(call.headers['x-request-id']).toBe('req_abc');
  });

  it('passes a 402 through with its message and details', async () => {
    const error = await refusal(gate('allow').assertCanGenerate('usr_spent', 'req_1'));
    expect(error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      status: 402,
      message: 'Monthly allowance used up',
    });
    expect(error.details).toEqual([{ path: 'plan', message: 'free' }]);
    expect(error.meta).toEqual({
      usedMicros: 5_000_000,
      limitMicros: 5_000_000,
      resetsAt: '2026-12-01T00:00:00.000Z',
    });
  });

  it('honours an explicit allowed: false on a 200', async () => {
    const error = await refusal(gate('allow').assertCanGenerate('usr_not_allowed', 'req_1'));
    expect(error).toMatchObject({ code: 'QUOTA_EXCEEDED', meta: { usedMicros: 7, limitMicros: 5 } });
  });

  it('follows the failure policy when billing cannot answer', async () => {
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    for (const [url, userId] of [
      [billingUrl, 'usr_broken'],
      [unreachable, 'usr_ok'],
    ] as const) {
      const error = await refusal(gate('refuse', url).assertCanGenerate(userId, 'req_1'));
      expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
      await expect(gate('allow', url).assertCanGenerate(userId, 'req_1')).resolves.toBeUndefined();
    }
  });

  it("asks billing once for a user's sends made at the same moment, and gives each the answer", async () => {
    const callsFor = (userId: string) => seen.filter((call) => call.url.endsWith(`/${userId}`)).length;
    const allowing = gate('refuse');
    await Promise.all(
      Array.from({ length: 10 }, (_, n) => allowing.assertCanGenerate('usr_burst', `req_b${n}`, `gen_b${n}`)),
    );
    expect(callsFor('usr_burst')).toBe(1);

    // A refusal is every one's.
    const spentBefore = callsFor('usr_spent');
    const refusals = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        refusal(allowing.assertCanGenerate('usr_spent', `req_s${n}`, `gen_s${n}`)),
      ),
    );
    expect(refusals.map((error) => error.code)).toEqual(Array.from({ length: 10 }, () => 'QUOTA_EXCEEDED'));
    expect(callsFor('usr_spent') - spentBefore).toBe(1);
    // Once answered, the next send asks again: nothing is remembered here.
    await allowing.assertCanGenerate('usr_burst', 'req_b_later', 'gen_b_later');
    expect(callsFor('usr_burst')).toBe(2);
  });

  it('is off without BILLING_SERVICE_URL', () => {
    const env = { INTERNAL_SERVICE_TOKEN: 'x'.repeat(16), QUOTA_FAILURE_POLICY: 'refuse' as const };
    expect(quotaGateFromEnv(env, logger)).toBe(allowAllQuotaGate);
  });

  it('guards POST /api/chats/:id/messages: a spent quota answers 402 and writes nothing', async () => {
    const service = await startTestChatService({ BILLING_SERVICE_URL: billingUrl });
    try {
      const user = await service.createUser();
      const client = clientFor(service, user);
      const chat = await client.createChat();
      // A new user's first answer starts without waiting for billing, which is asked meanwhile.
      const allowed = await client.post(`/api/chats/${chat.id}/messages`, { content: 'hi' });
      expect(allowed.statusCode).toBe(202);
      await eventually(
        async () => seen.some((request) => request.url === `/internal/quota/${user.id}`),
        10_000,
      );

      spentUsers.add(user.id);
      const refused = await client.post(`/api/chats/${chat.id}/messages`, { content: 'more' });
      expect(refused.statusCode).toBe(402);
      expect(refused.json().error).toEqual({
        code: 'QUOTA_EXCEEDED',
        message: 'Monthly allowance used up',
        details: [{ path: 'plan', message: 'free' }],
        meta: { usedMicros: 5_000_000, limitMicros: 5_000_000, resetsAt: '2026-12-01T00:00:00.000Z' },
      });
      const regenerate = await client.post(`/api/messages/${allowed.json().assistantMessage.id}/regenerate`);
      expect(regenerate.statusCode).toBe(402);
      expect(await service.prisma.message.count({ where: { chatId: chat.id } })).toBe(2);
    } finally {
      await service.close();
    }
  });

  it('answers from the hot allowance without asking billing; two sends at once just under it start one answer', async () => {
    const service = await startTestChatService({ BILLING_SERVICE_URL: billingUrl });
    try {
      const user = await service.createUser();
      const client = clientFor(service, user);
      const [first, second] = [await client.createChat(), await client.createChat()];
      // What billing-service writes when asked: 950 of 1000 spent, each answer holds 100.
      const hot = createAllowanceStore({ redis: service.deps.redis, prefix: service.env.REDIS_PREFIX });
      await hot.load(
        user.id,
        {
          limitMicros: 1_000,
          spentMicros: 950,
          reserveMicros: 100,
          periodStart: new Date(Date.now() - 60_000),
          resetsAt: new Date(Date.now() + 3_600_000),
        },
        60_000,
      );
      const callsBefore = seen.length;
      const sends = await Promise.all([
        client.post(`/api/chats/${first.id}/messages`, { content: 'one' }),
        client.post(`/api/chats/${second.id}/messages`, { content: 'two' }),
      ]);
      expect(sends.map((send) => send.statusCode).sort()).toEqual([202, 402]);
      const refused = sends.find((send) => send.statusCode === 402)!;
      expect(refused.json().error).toMatchObject({
        code: 'QUOTA_EXCEEDED',
        meta: { usedMicros: 950, limitMicros: 1_000 },
      });
      expect(seen.length).toBe(callsBefore);
      expect(await service.prisma.generation.count({ where: { userId: user.id } })).toBe(1);
    } finally {
      await service.close();
    }
  });

  it('under `refuse`, a stale copy stops granting once billing has not answered its reload; `allow` goes on', async () => {
    const service = await startTestChatService({ BILLING_SERVICE_URL: billingUrl });
    try {
      const { redis } = service.deps;
      const prefix = service.env.REDIS_PREFIX;
      const hot = createAllowanceStore({ redis, prefix });
      const userId = 'usr_broken'; // the stand-in answers 500 for this user: billing is down for them
      const staleCopy = async () => {
        await hot.load(
          userId,
          {
            limitMicros: 1_000_000,
            spentMicros: 0,
            reserveMicros: 100,
            periodStart: new Date(Date.now() - 60_000),
            resetsAt: new Date(Date.now() + 3_600_000),
          },
          60_000,
        );
        // Past billing's TTL (and past the grace a granted reload gives it).
        await redis.hset(allowanceKeys(prefix, userId).allowance, 'fresh', 0);
      };
      const gated = (failurePolicy: 'refuse' | 'allow') =>
        createBillingQuotaGate({
          billingUrl,
          internalToken: 'internal-token-0123456789',
          failurePolicy,
          logger,
          timeoutMs: 1_000,
          allowance: hot,
        });

      const refusing = gated('refuse');
      await staleCopy();
      // The first send is granted from the stale copy while billing is asked in the background.
      await refusing.assertCanGenerate(userId, 'req_1', 'gen_stale_1');
      // Once billing's failure is known, the stale copy no longer grants: billing is asked, and 503.
      const refused = await eventually(async () => {
        await staleCopy();
        const outcome = await refusing.assertCanGenerate(userId, 'req_2', `gen_stale_${Date.now()}`).then(
          () => undefined,
          (error: unknown) => error,
        );
        return outcome;
      });
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe('UPSTREAM_UNAVAILABLE');

      const allowing = gated('allow');
      for (const n of [1, 2, 3]) {
        await staleCopy();
        await allowing.assertCanGenerate(userId, `req_a${n}`, `gen_allow_${n}`);
      }
    } finally {
      await service.close();
    }
  });
});
