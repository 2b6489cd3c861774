import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisabledUsers } from '@vivier/service-kit';
import { eventually } from '@vivier/testkit';
import {
  clientFor,
  openSocket,
  startTestChatService,
  type TestChatService,
  type TestUser,
} from '../test-support';

let service: TestChatService;
let baseUrl: string;
let user: TestUser;

beforeAll(async () => {
  service = await startTestChatService({
    WS_AUTH_TIMEOUT_MS: '400',
    STREAM_MAX_BUFFERED_BYTES: String(64 * 1024),
    STREAM_SLOW_CLIENT_GRACE_MS: '2000',
  });
  baseUrl = await service.listen();
  user = await service.createUser();
});
afterAll(async () => {
  await service.close();
});

async function newGeneration(owner: TestUser = user): Promise<string> {
  const client = clientFor(service, owner);
  const chat = await client.createChat();
  return (await client.postMessage(chat.id, 'tell me something')).generationId;
}

/** Plays provider-worker: appends frames and returns their ids. */
async function play(generationId: string, ...frames: Parameters<TestChatService['streams']['append']>[1][]) {
  const ids: string[] = [];
  for (const frame of frames) ids.push(await service.streams.append(generationId, frame));
  return ids;
}

describe('GET /api/ws', () => {
  it('relays a generation’s frames in order to a client authenticated by header, ending at the terminal frame', async () => {
    const generationId = await newGeneration();
    const client = await openSocket(baseUrl, user.headers);
    client.send({ type: 'subscribe', generationId });
    const ids = await play(
      generationId,
      { type: 'delta', text: 'Hel' },
      { type: 'delta', text: 'lo' },
      { type: 'done', messageId: 'msg_x', usage: { inputTokens: 3, outputTokens: 2 }, costMicros: 9 },
    );
    await client.waitForFrames(3);
    expect(client.frames).toEqual([
      { type: 'delta', text: 'Hel', generationId, id: ids[0] },
      { type: 'delta', text: 'lo', generationId, id: ids[1] },
      {
        type: 'done',
        messageId: 'msg_x',
        usage: { inputTokens: 3, outputTokens: 2 },
        costMicros: 9,
        generationId,
        id: ids[2],
      },
    ]);

    // After the terminal frame the subscription is over: a later frame of it is not relayed,
    // while another generation on the same socket still is.
    await play(generationId, { type: 'delta', text: 'late' });
    const next = await newGeneration();
    client.send({ type: 'subscribe', generationId: next });
    await play(next, { type: 'delta', text: 'other' });
    await client.waitForFrames(4);
    expect(client.frames.slice(3).map((frame) => frame.text)).toEqual(['other']);
    client.close();
  });

  it('authenticates browsers with a first frame and resumes after a given frame id without repeats', async () => {
    const generationId = await newGeneration();
    const ids = await play(
      generationId,
      { type: 'delta', text: 'a' },
      { type: 'delta', text: 'b' },
      { type: 'delta', text: 'c' },
    );
    const client = await openSocket(baseUrl);
    client.send({ type: 'auth', token: user.token });
    client.send({ type: 'subscribe', generationId, after: ids[0] });
    await client.waitForFrames(2);
    const [doneId] = await play(generationId, { type: 'cancelled' });
    await client.waitForFrames(3);
    expect(client.frames.map((frame) => [frame.type, frame.text, frame.id])).toEqual([
      ['delta', 'b', ids[1]],
      ['delta', 'c', ids[2]],
      ['cancelled', undefined, doneId],
    ]);
    client.close();
  });

  it('gives a second tab and a late joiner the same frames as the first', async () => {
    const generationId = await newGeneration();
    const first = await openSocket(baseUrl, user.headers);
    const second = await openSocket(baseUrl, user.headers);
    first.send({ type: 'subscribe', generationId });
    second.send({ type: 'subscribe', generationId });
    await play(
      generationId,
      { type: 'delta', text: 'one' },
      { type: 'reset' },
      { type: 'delta', text: 'two' },
    );
    await first.waitForFrames(3);
    // Joins while the shared reader is running: catches up from the start, then goes live.
    const late = await openSocket(baseUrl, user.headers);
    late.send({ type: 'subscribe', generationId });
    await late.waitForFrames(3);
    await play(
      generationId,
      { type: 'delta', text: 'three' },
      { type: 'error', code: 'PROVIDER_UNAVAILABLE', message: 'gone' },
    );
    for (const tab of [first, second, late]) await tab.waitForFrames(5);
    expect(second.frames).toEqual(first.frames);
    expect(late.frames).toEqual(first.frames);
    expect(first.frames.map((frame) => frame.type)).toEqual(['delta', 'reset', 'delta', 'delta', 'error']);
    for (const tab of [first, second, late]) tab.close();
  });

  it('replays the ending from the database when the frame stream has expired', async () => {
    const generationId = await newGeneration();
    const generation = await service.prisma.generation.update({
      where: { id: generationId },
      data: { status: 'done' },
    });
    await service.prisma.message.update({
      where: { id: generation.assistantMessageId },
      data: {
        content: 'Stored answer.',
        status: 'complete',
        inputTokens: 4,
        outputTokens: 3,
        costMicros: 11n,
      },
    });
    const client = await openSocket(baseUrl, user.headers);
    client.send({ type: 'subscribe', generationId });
    await client.waitForFrames(2);
    expect(client.frames).toEqual([
      { type: 'delta', text: 'Stored answer.', generationId, id: '0-1' },
      {
        type: 'done',
        messageId: generation.assistantMessageId,
        usage: { inputTokens: 4, outputTokens: 3 },
        costMicros: 11,
        generationId,
        id: '0-2',
      },
    ]);
    client.close();
  });

  it('answers a subscription it may not see with one NOT_FOUND frame and nothing else', async () => {
    const generationId = await newGeneration();
    const stranger = await service.createUser();
    const client = await openSocket(baseUrl, stranger.headers);
    client.send({ type: 'subscribe', generationId });
    client.send({ type: 'subscribe', generationId: 'gen_00000000000000000000' });
    await client.waitForFrames(2);
    await play(generationId, { type: 'delta', text: 'secret' }, { type: 'cancelled' });
    // A frame the stranger may see proves the socket is live and the secret never came.
    const own = await newGeneration(stranger);
    client.send({ type: 'subscribe', generationId: own });
    await play(own, { type: 'delta', text: 'mine' });
    await client.waitForFrames(3);
    expect(client.frames).toEqual([
      { type: 'error', generationId, id: '0-0', code: 'NOT_FOUND', message: 'Generation not found' },
      {
        type: 'error',
        generationId: 'gen_00000000000000000000',
        id: '0-0',
        code: 'NOT_FOUND',
        message: 'Generation not found',
      },
      expect.objectContaining({ type: 'delta', text: 'mine', generationId: own }),
    ]);
    client.close();
  });

  it('closes with 4401 on a bad token, a frame before authenticating, or silence', async () => {
    const badHeader = await openSocket(baseUrl, { authorization: 'Bearer not-a-token' });
    expect((await badHeader.closed).code).toBe(4401);

    const badFrame = await openSocket(baseUrl);
    badFrame.send({ type: 'auth', token: 'forged' });
    expect((await badFrame.closed).code).toBe(4401);

    const generationId = await newGeneration();
    const unauthenticated = await openSocket(baseUrl);
    unauthenticated.send({ type: 'subscribe', generationId });
    expect((await unauthenticated.closed).code).toBe(4401);

    const silent = await openSocket(baseUrl);
    expect((await silent.closed).code).toBe(4401);
    for (const client of [badHeader, badFrame, unauthenticated, silent]) expect(client.frames).toEqual([]);
  });

  it('closes with 4401 for a signed-out session or a disabled account, by header or first frame', async () => {
    const accounts = createDisabledUsers(service.deps.redis, service.env.REDIS_PREFIX);
    const signedOut = await service.createUser();
    await accounts.revokeSessions([`ses_${signedOut.id}`]);
    const byHeader = await openSocket(baseUrl, signedOut.headers);
    expect(await byHeader.closed).toEqual({ code: 4401, reason: 'this session was signed out' });

    const disabled = await service.createUser();
    const generationId = await newGeneration(disabled);
    await accounts.mark(disabled.id, true);
    const byFrame = await openSocket(baseUrl);
    byFrame.send({ type: 'auth', token: disabled.token });
    byFrame.send({ type: 'subscribe', generationId });
    expect(await byFrame.closed).toEqual({ code: 4401, reason: 'this account has been disabled' });
    for (const client of [byHeader, byFrame]) expect(client.frames).toEqual([]);
  });

  it('closes its open sockets when the service shuts down, so clients reconnect elsewhere', async () => {
    const other = await startTestChatService();
    try {
      const otherUrl = await other.listen();
      const owner = await other.createUser();
      const client = await openSocket(otherUrl, owner.headers);
      // Authenticated and idle: a frame the server answers shows the session is up.
      client.send({ type: 'subscribe', generationId: 'gen_unknown' });
      await client.waitForFrames(1);
      await other.close();
      // A close frame from the server (no status code), not a dropped connection (1006).
      expect((await client.closed).code).toBe(1005);
    } finally {
      await other.close().catch(() => undefined);
    }
  });

  it('closes with 4400 on a frame it does not understand', async () => {
    const client = await openSocket(baseUrl, user.headers);
    client.socket.send('not json');
    expect((await client.closed).code).toBe(4400);
    const other = await openSocket(baseUrl, user.headers);
    other.send({ type: 'shout' });
    expect((await other.closed).code).toBe(4400);
  });

  it('stops relaying when the client unsubscribes or leaves', async () => {
    const generationId = await newGeneration();
    const client = await openSocket(baseUrl, user.headers);
    client.send({ type: 'subscribe', generationId });
    await play(generationId, { type: 'delta', text: 'x' });
    await client.waitForFrames(1);
    client.send({ type: 'unsubscribe', generationId });
    client.send({ type: 'ping' });
    const own = await newGeneration();
    client.send({ type: 'subscribe', generationId: own });
    await play(generationId, { type: 'delta', text: 'after unsubscribe' });
    await play(own, { type: 'delta', text: 'marker' });
    await client.waitForFrames(2);
    expect(client.frames.map((frame) => frame.text)).toEqual(['x', 'marker']);
    client.close();
    await eventually(async () => (await client.closed).code > 0);
  });

  it('closes a client that stops reading once too much is queued for it; it resumes with after', async () => {
    const generationId = await newGeneration();
    const slow = await openSocket(baseUrl, user.headers);
    // The client stops reading its socket: whatever the server sends piles up on the way.
    const raw = (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    slow.send({ type: 'subscribe', generationId });
    await new Promise((resolve) => setImmediate(resolve));
    raw.pause();
    const text = 'x'.repeat(64 * 1024);
    const total = 400; // 25 MiB: more than the kernel's socket buffers hold
    const ids: string[] = [];
    for (let index = 0; index < total; index += 1) {
      ids.push(...(await play(generationId, { type: 'delta', text })));
      // Spread over more than the grace period, as a real answer is.
      if (index % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 800));
    }
    const [doneId] = await play(generationId, {
      type: 'done',
      messageId: 'msg_slow',
      usage: { inputTokens: 1, outputTokens: 1 },
      costMicros: 0,
    });
    raw.resume();
    expect(await slow.closed).toEqual({ code: 4408, reason: 'too far behind; resubscribe with after' });
    expect(slow.frames.length).toBeGreaterThan(0);
    expect(slow.frames.length).toBeLessThan(total);
    const lastSeen = slow.frames.at(-1)!.id;
    expect(lastSeen).toBe(ids[slow.frames.length - 1]);

    const resumed = await openSocket(baseUrl, user.headers);
    resumed.send({ type: 'subscribe', generationId, after: lastSeen });
    await eventually(async () => resumed.frames.at(-1)?.type === 'done', 15_000);
    expect(resumed.frames[0]!.id).toBe(ids[slow.frames.length]);
    expect(resumed.frames.at(-1)!.id).toBe(doneId);
    expect(resumed.frames).toHaveLength(total - slow.frames.length + 1);
    resumed.close();
  }, 60_000);
});
