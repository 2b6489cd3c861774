import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  fakeReply,
  startFakeLlm,
  startSmtpSink,
  uniqueEmail,
  type FakeLlm,
  type SmtpSink,
} from '@vivier/testkit';
import { stopService, type Stack } from '../scripts/lib/stack';
import { GENEROUS_LIMITS, startTestStack } from './test-stack';
import { answerOf, createClient, TERMINAL, type Frame } from './chat-client';

/**
 * Scale-out on one machine: two chat-service and two provider-worker processes behind one gateway.
 * 50 users run 200 chats at once; mid-run one chat-service and one worker are killed (SIGKILL).
 * Every answer still completes, whole, with no frame delivered twice: clients whose WebSocket died
 * with its chat-service reconnect through the gateway and resume after the last frame they saw,
 * and the surviving worker takes over the dead one's generations (a `reset`, then the answer).
 * Answers are short (fake LLM) so the run suits a small, shared machine.
 */
const USERS = 50;
const CHATS_PER_USER = 4;
const DEADLINE_MS = 240_000;
const SENDERS = 16;

let stack: Stack;
let smtp: SmtpSink;
let fake: FakeLlm;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  fake = await startFakeLlm({ tokenDelayMs: 2 });
  stack = await startTestStack({
    label: 'e2e-scale',
    smtpUrl: smtp.url,
    replicas: { 'chat-service': 2, 'provider-worker': 2 },
    // Eight processes start at once on a small shared machine.
    readyTimeoutMs: 180_000,
    env: {
      ...GENEROUS_LIMITS,
      OPENAI_COMPATIBLE_BASE_URL: fake.openaiBaseUrl,
      OPENAI_COMPATIBLE_MODELS: 'fake',
      // A dead worker's generations are taken over after 10 s without an ack. Shorter than a
      // generation takes on a loaded machine, a live worker's generation would be claimed (and run
      // twice) too. The gateway probes each replica every 300 ms.
      GENERATION_CLAIM_IDLE_MS: '10000',
      UPSTREAM_PROBE_INTERVAL_MS: '300',
    },
  });
  client = createClient(stack.gateway.url);
}, 400_000);

afterAll(async (context) => {
  // On failure, what each process logged at error level says why.
  if (context.tasks.some((task) => task.result?.state === 'fail')) {
    for (const service of stack?.services ?? []) {
      const errors = service.output
        .filter((line) => /"level":(50|60)/.test(line) && !line.includes('UPSTREAM_UNAVAILABLE'))
        .slice(0, 3);
      for (const line of errors) console.error(`[${service.name}] ${line.slice(0, 2000)}`);
    }
  }
  await stack?.stop();
  await fake?.close();
  await smtp?.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A call that a dying replica may refuse (503 envelope or a dropped connection): tried again. */
async function call(method: string, path: string, options: { body?: unknown; token?: string }, ok: number) {
  const deadline = Date.now() + 60_000;
  for (let attempt = 1; ; attempt++) {
    const response = await client.call(method, path, options).catch((error: Error) => ({
      status: 0,
      text: error.message,
      json: undefined,
    }));
    if (response.status === ok) return response.json;
    const retryable = response.status === 0 || response.json?.error?.code === 'UPSTREAM_UNAVAILABLE';
    if (!retryable || Date.now() > deadline) {
      throw new Error(`${method} ${path} answered ${response.status}: ${response.text}`);
    }
    await pause(Math.min(100 * attempt, 1000));
  }
}

interface Watched {
  frames: Frame[];
  reconnects: number;
  duplicates: string[];
}

/**
 * Follows one generation to its terminal frame over the gateway's WebSocket; when the socket dies
 * first, reconnects and resumes after the last frame received. Records any frame seen twice.
 */
function follow(generationId: string, token: string, onDelta: () => void): Promise<Watched> {
  const watched: Watched = { frames: [], reconnects: -1, duplicates: [] };
  const seen = new Set<string>();
  const deadline = Date.now() + DEADLINE_MS;
  return new Promise((resolve, reject) => {
    const connect = () => {
      if (Date.now() > deadline) {
        reject(new Error(`${generationId}: no terminal frame after ${watched.frames.length} frames`));
        return;
      }
      watched.reconnects++;
      const socket = new WebSocket(`${stack.gateway.url.replace(/^http/, 'ws')}/api/ws`, {
        headers: { authorization: `Bearer ${token}` },
      });
      let finished = false;
      socket.on('open', () => {
        const after = watched.frames.at(-1)?.id;
        socket.send(JSON.stringify({ type: 'subscribe', generationId, ...(after ? { after } : {}) }));
      });
      socket.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString()) as Frame;
        if (frame.generationId !== generationId) return;
        if (seen.has(frame.id)) watched.duplicates.push(frame.id);
        seen.add(frame.id);
        watched.frames.push(frame);
        if (frame.type === 'delta') onDelta();
        if (TERMINAL.includes(frame.type)) {
          finished = true;
          socket.close();
          resolve(watched);
        }
      });
      socket.on('error', () => {}); // 'close' follows and reconnects
      socket.on('close', () => {
        if (!finished) setTimeout(connect, 200);
      });
    };
    connect();
  });
}

describe('two chat-services and two workers behind one gateway', () => {
  it('200 chats from 50 users all complete, whole, through the loss of a chat-service and a worker', async () => {
    expect(stack.replicas['chat-service']).toHaveLength(2);
    expect(stack.replicas['provider-worker']).toHaveLength(2);

    const tokens = await Promise.all(
      Array.from({ length: USERS }, async (_, user) => {
        const registered = await call(
          'POST',
          '/api/auth/register',
          { body: { email: uniqueEmail(`scale-${user}`), password: 'Correct-Horse-9-Battery' } },
          201,
        );
        return registered.accessToken as string;
      }),
    );

    // Kill one chat-service and one worker once the run is well under way (deltas are flowing).
    let deltas = 0;
    let killed: Promise<void> | undefined;
    const onDelta = () => {
      deltas++;
      if (deltas === 150 && !killed) {
        killed = Promise.all([
          stopService(stack.replicas['chat-service'][1]!, 'SIGKILL'),
          stopService(stack.replicas['provider-worker'][1]!, 'SIGKILL'),
        ]).then(() => undefined);
      }
    };

    // All 200 chats are open and streaming together; their creation is paced (at most SENDERS
    // requests in flight) so a small machine's database pool is not the thing under test.
    let sending = 0;
    const waiting: Array<() => void> = [];
    const paced = async <T>(work: () => Promise<T>): Promise<T> => {
      if (sending >= SENDERS) await new Promise<void>((resolve) => waiting.push(resolve));
      sending++;
      try {
        return await work();
      } finally {
        sending--;
        waiting.shift()?.();
      }
    };
    const runs = tokens.flatMap((token, user) =>
      Array.from({ length: CHATS_PER_USER }, async (_, n) => {
        const prompt = `User ${user} asks question ${n} about lighthouses. [[words:24]] [[delay:40]]`;
        const { chat, sent } = await paced(async () => {
          const chat = await call(
            'POST',
            '/api/chats',
            { token, body: { provider: 'openai-compatible', model: 'fake' } },
            201,
          );
          const sent = await call(
            'POST',
            `/api/chats/${chat.id}/messages`,
            { token, body: { content: prompt } },
            202,
          );
          return { chat, sent };
        });
        const watched = await follow(sent.generationId, token, onDelta);
        return {
          prompt,
          token,
          chatId: chat.id as string,
          messageId: sent.assistantMessage.id as string,
          watched,
        };
      }),
    );
    const results = await Promise.all(runs);
    await killed;

    // The kill did happen mid-run, and it did cut WebSockets that then resumed.
    expect(killed).toBeDefined();
    expect(stack.replicas['chat-service'][1]!.child.signalCode).toBe('SIGKILL');
    expect(stack.replicas['provider-worker'][1]!.child.signalCode).toBe('SIGKILL');
    expect(results.some((result) => result.watched.reconnects > 0)).toBe(true);

    expect(results).toHaveLength(USERS * CHATS_PER_USER);
    for (const { prompt, watched } of results) {
      // What the client saw, frame by frame, if the answer is wrong.
      const trace = `${prompt} (reconnects: ${watched.reconnects}; frames: ${watched.frames.map((frame) => frame.type).join(',')})`;
      expect(watched.frames.at(-1)!.type, trace).toBe('done');
      expect(watched.duplicates, trace).toEqual([]);
      expect(answerOf(watched.frames), trace).toBe(fakeReply(prompt));
    }

    // What each user sees afterwards (stored, through the surviving replicas) is the same answer.
    for (const { prompt, token, chatId, messageId } of results) {
      const messages = await call('GET', `/api/chats/${chatId}/messages`, { token }, 200);
      const message = messages.items.find((item: { id: string }) => item.id === messageId);
      expect(message, prompt).toMatchObject({ status: 'complete', content: fakeReply(prompt) });
    }
  }, 420_000);
});
