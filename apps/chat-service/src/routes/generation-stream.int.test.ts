import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  openSse,
  startTestChatService,
  type TestChatService,
  type TestUser,
} from '../test-support';

let service: TestChatService;
let baseUrl: string;
let user: TestUser;

beforeAll(async () => {
  service = await startTestChatService();
  baseUrl = await service.listen();
  user = await service.createUser();
});
afterAll(async () => {
  await service.close();
});

async function newGeneration(): Promise<string> {
  const client = clientFor(service, user);
  const chat = await client.createChat();
  return (await client.postMessage(chat.id, 'stream me')).generationId;
}

const streamUrl = (generationId: string, query = '') =>
  `${baseUrl}/api/generations/${generationId}/stream${query}`;

describe('GET /api/generations/:id/stream (SSE)', () => {
  it('sends each frame as id/event/data and ends the response after the terminal frame', async () => {
    const generationId = await newGeneration();
    const sse = await openSse(streamUrl(generationId), user.headers);
    expect(sse.response.status).toBe(200);
    expect(sse.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(sse.response.headers.get('cache-control')).toContain('no-cache');
    const ids = [
      await service.streams.append(generationId, { type: 'delta', text: 'Hi' }),
      await service.streams.append(generationId, { type: 'delta', text: ' there' }),
      await service.streams.append(generationId, {
        type: 'error',
        code: 'PROVIDER_AUTH',
        message: 'Key rejected',
      }),
    ];
    await sse.ended;
    expect(sse.events).toEqual([
      { id: ids[0], event: 'delta', data: { type: 'delta', text: 'Hi', generationId, id: ids[0] } },
      { id: ids[1], event: 'delta', data: { type: 'delta', text: ' there', generationId, id: ids[1] } },
      {
        id: ids[2],
        event: 'error',
        data: { type: 'error', code: 'PROVIDER_AUTH', message: 'Key rejected', generationId, id: ids[2] },
      },
    ]);
  });

  it('resumes after Last-Event-ID (or ?after=) with nothing repeated', async () => {
    const generationId = await newGeneration();
    const first = await openSse(streamUrl(generationId), user.headers);
    const ids = [
      await service.streams.append(generationId, { type: 'delta', text: '1' }),
      await service.streams.append(generationId, { type: 'delta', text: '2' }),
    ];
    await first.waitForEvents(1);
    first.abort();
    await first.ended;

    const resumed = await openSse(streamUrl(generationId), { ...user.headers, 'last-event-id': ids[0]! });
    ids.push(await service.streams.append(generationId, { type: 'delta', text: '3' }));
    ids.push(
      await service.streams.append(generationId, {
        type: 'done',
        messageId: 'msg_y',
        usage: { inputTokens: 1, outputTokens: 3 },
        costMicros: 2,
      }),
    );
    await resumed.ended;
    expect(resumed.events.map((event) => event.id)).toEqual(ids.slice(1));
    expect(resumed.events.map((event) => event.data.text)).toEqual(['2', '3', undefined]);

    const byQuery = await openSse(streamUrl(generationId, `?after=${ids[2]}`), user.headers);
    await byQuery.ended;
    expect(byQuery.events.map((event) => event.event)).toEqual(['done']);
  });

  it('replays the ending from the database once the stream has expired', async () => {
    const generationId = await newGeneration();
    const generation = await service.prisma.generation.update({
      where: { id: generationId },
      data: { status: 'failed', errorCode: 'PROVIDER_RATE_LIMITED', errorMessage: 'Slow down' },
    });
    await service.prisma.message.update({
      where: { id: generation.assistantMessageId },
      data: { content: 'Part', status: 'failed' },
    });
    const sse = await openSse(streamUrl(generationId), user.headers);
    await sse.ended;
    expect(sse.events.map((event) => [event.id, event.data])).toEqual([
      ['0-1', { type: 'delta', text: 'Part', generationId, id: '0-1' }],
      [
        '0-2',
        { type: 'error', code: 'PROVIDER_RATE_LIMITED', message: 'Slow down', generationId, id: '0-2' },
      ],
    ]);
  });

  it('refuses a resume point that is not a frame id, and needs a token', async () => {
    const generationId = await newGeneration();
    const bad = await fetch(streamUrl(generationId), {
      headers: { ...user.headers, 'last-event-id': 'yesterday' },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    expect((await fetch(streamUrl(generationId))).status).toBe(401);
  });
});
