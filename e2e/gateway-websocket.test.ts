import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  eventually,
  fakeReply,
  startFakeLlm,
  startSmtpSink,
  uniqueEmail,
  type FakeLlm,
  type SmtpSink,
} from '@vivier/testkit';
import type { Stack } from '../scripts/lib/stack';
import { GENEROUS_LIMITS, startTestStack } from './test-stack';
import { answerOf, createClient, TERMINAL, type Frame } from './chat-client';

/**
 * GET /api/ws through the real gateway process to a real chat-service process (and a real worker
 * answering from the fake LLM): who may upgrade, frames both ways in order, and what a client that
 * leaves mid-stream costs the chat-service behind the gateway.
 */
let stack: Stack;
let smtp: SmtpSink;
let fake: FakeLlm;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  fake = await startFakeLlm({ tokenDelayMs: 5 });
  stack = await startTestStack({
    label: 'e2e-gateway-ws',
    smtpUrl: smtp.url,
    env: {
      ...GENEROUS_LIMITS,
      OPENAI_COMPATIBLE_BASE_URL: fake.openaiBaseUrl,
      OPENAI_COMPATIBLE_MODELS: 'fake',
      WS_AUTH_TIMEOUT_MS: '1000',
    },
  });
  client = createClient(stack.gateway.url);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await fake?.close();
  await smtp?.close();
});

const password = 'Correct-Horse-9-Battery';

async function register() {
  const email = uniqueEmail('gateway-ws');
  const registered = await client.call('POST', '/api/auth/register', { body: { email, password } });
  expect(registered.status, registered.text).toBe(201);
  return { email, token: registered.json.accessToken as string };
}

async function startGeneration(token: string, content: string) {
  const chat = await client.call('POST', '/api/chats', {
    token,
    body: { provider: 'openai-compatible', model: 'fake' },
  });
  expect(chat.status, chat.text).toBe(201);
  const sent = await client.call('POST', `/api/chats/${chat.json.id}/messages`, { token, body: { content } });
  expect(sent.status, sent.text).toBe(202);
  return sent.json.generationId as string;
}

/** A socket to the gateway's /api/ws that records frames and how it closed. */
function connect(headers: Record<string, string> = {}) {
  const socket = new WebSocket(`${stack.gateway.url.replace(/^http/, 'ws')}/api/ws`, { headers });
  const frames: Frame[] = [];
  const terminal = new Promise<Frame[]>((resolve) =>
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Frame;
      frames.push(frame);
      if (TERMINAL.includes(frame.type)) resolve(frames);
    }),
  );
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    socket.on('open', () => resolve());
    socket.on('error', reject);
  });
  const send = async (frame: object) => {
    await opened;
    socket.send(JSON.stringify(frame));
  };
  return { socket, frames, terminal, closed, opened, send };
}

/** chat-service's count of open client sockets, from its /metrics. */
async function chatServiceSockets(): Promise<number> {
  const text = await (await fetch(`${stack.chat.url}/metrics`)).text();
  const line = text.split('\n').find((entry) => /^chat_websocket_connections[{ ]/.test(entry));
  return Number(line?.split(' ').at(-1) ?? Number.NaN);
}

const isIncreasing = (ids: string[]) =>
  ids.every((id, index) => {
    if (index === 0) return true;
    const [ms, seq] = id.split('-').map(Number) as [number, number];
    const [prevMs, prevSeq] = ids[index - 1]!.split('-').map(Number) as [number, number];
    return ms > prevMs || (ms === prevMs && seq > prevSeq);
  });

describe('GET /api/ws through the gateway', () => {
  it('relays a generation to a client authenticated by header: every frame, in order, then the end', async () => {
    const { token } = await register();
    const prompt = 'Through the gateway [[words:30]]';
    const generationId = await startGeneration(token, prompt);
    const ws = connect({ authorization: `Bearer ${token}` });
    await ws.send({ type: 'subscribe', generationId });
    const frames = await ws.terminal;
    expect(frames.at(-1)?.type).toBe('done');
    expect(frames.every((frame) => frame.generationId === generationId)).toBe(true);
    expect(isIncreasing(frames.map((frame) => frame.id))).toBe(true);
    expect(answerOf(frames)).toBe(fakeReply(prompt));
    ws.socket.close();
  });

  it('takes a browser’s first-frame auth, and the client’s frames in order: resume after a frame id', async () => {
    const { token } = await register();
    const prompt = 'Browser style [[words:12]]';
    const generationId = await startGeneration(token, prompt);
    const first = connect();
    await first.send({ type: 'auth', token });
    await first.send({ type: 'subscribe', generationId });
    const all = await first.terminal;
    first.socket.close();

    const resumed = connect();
    const after = all[2]!.id;
    await resumed.send({ type: 'auth', token });
    await resumed.send({ type: 'subscribe', generationId, after });
    const rest = await resumed.terminal;
    expect(rest.map((frame) => frame.id)).toEqual(all.slice(3).map((frame) => frame.id));
    resumed.socket.close();
  });

  it('closes with 4401 without a session, with a forged token, and with a signed-out one', async () => {
    const silent = connect();
    expect(await silent.closed).toEqual({ code: 4401, reason: 'no authentication in time' });

    const forged = connect({ authorization: 'Bearer not.a.token' });
    expect((await forged.closed).code).toBe(4401);

    // Two sessions of one account; the first signs the second out from its account page.
    const { email, token: first } = await register();
    const login = await client.call('POST', '/api/auth/login', { body: { email, password } });
    expect(login.status, login.text).toBe(200);
    const second = login.json.accessToken as string;
    const generationId = await startGeneration(first, 'Signed out [[words:5]]');
    const sessions = await client.call('GET', '/api/auth/sessions', { token: first });
    const other = (sessions.json.items as Array<{ id: string; current: boolean }>).find((s) => !s.current)!;
    expect((await client.call('DELETE', `/api/auth/sessions/${other.id}`, { token: first })).status).toBe(
      204,
    );

    // Refused on HTTP by the gateway, and on the socket by chat-service, by header or first frame.
    expect((await client.call('GET', '/api/chats', { token: second })).status).toBe(401);
    const byHeader = connect({ authorization: `Bearer ${second}` });
    expect(await byHeader.closed).toEqual({ code: 4401, reason: 'this session was signed out' });
    const byFrame = connect();
    await byFrame.send({ type: 'auth', token: second });
    await byFrame.send({ type: 'subscribe', generationId });
    expect(await byFrame.closed).toEqual({ code: 4401, reason: 'this session was signed out' });
    for (const ws of [silent, forged, byHeader, byFrame]) expect(ws.frames).toEqual([]);
  });

  it('frees chat-service’s socket when a client leaves mid-stream', async () => {
    const { token } = await register();
    const generationId = await startGeneration(token, 'Long enough to leave [[words:400]]');
    await eventually(async () => (await chatServiceSockets()) === 0);

    const ws = connect({ authorization: `Bearer ${token}` });
    await ws.send({ type: 'subscribe', generationId });
    await eventually(async () => ws.frames.some((frame) => frame.type === 'delta'));
    expect(await chatServiceSockets()).toBe(1);

    ws.socket.terminate(); // gone without a close handshake, as a dropped network is
    await eventually(async () => (await chatServiceSockets()) === 0);
    expect(ws.frames.some((frame) => TERMINAL.includes(frame.type))).toBe(false);
  });
});
