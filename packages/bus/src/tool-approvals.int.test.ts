import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eventually, testRedisUrl, uniqueRedisPrefix } from '@vivier/testkit';
import { createToolApprovals } from './tool-approvals';

/**
 * The worker's side waits for the user's answers; chat-service's side answers. Every connection
 * the worker's side opens carries its client's name, so the test can count them in Redis.
 */
const prefix = uniqueRedisPrefix('approvals');
const workerName = `approvals-worker-${process.pid}-${Date.now()}`;
const workerRedis = new Redis(testRedisUrl(), { connectionName: workerName });
const chatRedis = new Redis(testRedisUrl());
const worker = createToolApprovals({ redis: workerRedis, prefix });
const chat = createToolApprovals({ redis: chatRedis, prefix });

afterAll(async () => {
  worker.close();
  const keys = await chatRedis.keys(`${prefix}*`);
  if (keys.length) await chatRedis.del(...keys);
  workerRedis.disconnect();
  chatRedis.disconnect();
});

async function workerConnections(): Promise<number> {
  const clients = String(await chatRedis.client('LIST')).split('\n');
  return clients.filter((line) => line.includes(` name=${workerName} `)).length;
}

describe('tool approvals', () => {
  it('keeps 50 pending approvals on a bounded number of connections and gives each its own answer', async () => {
    const controller = new AbortController();
    const calls = Array.from({ length: 50 }, (_, index) => ({
      generationId: `gen_wait${index}`,
      callId: `call_${index}`,
    }));
    const outcomes = calls.map(({ generationId, callId }) =>
      worker.wait(generationId, callId, { timeoutMs: 60_000, signal: controller.signal }),
    );
    await eventually(async () =>
      (
        await Promise.all(calls.map(({ generationId, callId }) => chat.isPending(generationId, callId)))
      ).every(Boolean),
    );
    // One answered: every wait has been set up at least as far as the first one was.
    expect(await chat.answer(calls[0]!.generationId, calls[0]!.callId, true)).toBe(true);
    expect(await outcomes[0]).toBe('approved');
    // The shared client and one subscriber, however many wait.
    expect(await workerConnections()).toBeLessThanOrEqual(2);

    for (const [index, { generationId, callId }] of calls.entries())
      if (index > 0) expect(await chat.answer(generationId, callId, index % 2 === 0)).toBe(true);
    expect(await Promise.all(outcomes)).toEqual(
      calls.map((_, index) => (index % 2 === 0 ? 'approved' : 'denied')),
    );
    // Answered calls are no longer pending: a second answer is refused.
    expect(await chat.answer(calls[1]!.generationId, calls[1]!.callId, true)).toBe(false);
  });

  it('times out as a no, stops at once when the generation is cancelled, and finds an answer given before it listened', async () => {
    const timedOut = worker.wait('gen_slow', 'call_1', {
      timeoutMs: 200,
      signal: new AbortController().signal,
    });
    expect(await timedOut).toBe('timed-out');
    expect(await chat.answer('gen_slow', 'call_1', true)).toBe(false);

    const controller = new AbortController();
    const cancelled = worker.wait('gen_cancel', 'call_1', { timeoutMs: 60_000, signal: controller.signal });
    await eventually(() => chat.isPending('gen_cancel', 'call_1'));
    controller.abort(new Error('cancelled by the user'));
    await expect(cancelled).rejects.toThrow('cancelled by the user');

    // chat-service saw the call pending and answered while this worker was restarting.
    await chatRedis.set(`${prefix}gen:gen_early:tool-approval:call_1:pending`, '1');
    expect(await chat.answer('gen_early', 'call_1', true)).toBe(true);
    expect(
      await worker.wait('gen_early', 'call_1', { timeoutMs: 60_000, signal: new AbortController().signal }),
    ).toBe('approved');
  });

  it('opens a new subscriber for the next wait when the first one could not subscribe', async () => {
    // Redis behind a TCP relay that refuses one connection: the first subscriber's.
    const target = new URL(testRedisUrl());
    let refuseNext = false;
    const sockets = new Set<Socket>();
    const relay = createServer((socket) => {
      sockets.add(socket);
      if (refuseNext) {
        refuseNext = false;
        return socket.destroy();
      }
      const upstream = connect(Number(target.port || 6379), target.hostname);
      sockets.add(upstream);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
      socket.on('close', () => upstream.destroy());
      upstream.on('close', () => socket.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    // No reconnection: a refused connection fails its queued SUBSCRIBE at once.
    const viaRelay = new Redis((relay.address() as AddressInfo).port, '127.0.0.1', {
      retryStrategy: () => null,
    });
    const flaky = createToolApprovals({ redis: viaRelay, prefix });
    try {
      await viaRelay.ping();
      refuseNext = true;
      const signal = new AbortController().signal;
      await expect(flaky.wait('gen_flaky', 'call_1', { timeoutMs: 60_000, signal })).rejects.toThrow();
      const outcome = flaky.wait('gen_flaky', 'call_2', { timeoutMs: 60_000, signal });
      await eventually(() => chat.isPending('gen_flaky', 'call_2'));
      expect(await chat.answer('gen_flaky', 'call_2', true)).toBe(true);
      expect(await outcome).toBe('approved');
    } finally {
      flaky.close();
      viaRelay.disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => relay.close(resolve));
    }
  });
});
