import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  fakeReply,
  freePort,
  startFakeLlm,
  testDatabaseUrl,
  testRedisUrl,
  type FakeLlm,
} from '@vivier/testkit';
import {
  createChatServiceStandIn,
  startTestWorker,
  visibleText,
  type ChatServiceStandIn,
  type TestWorker,
} from './test-support';

/** Real `src/main.ts` processes: what Kubernetes starts, signals and kills. */
const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
// Starting a process (tsx + every SDK) takes ~3 s here, but several times that on a loaded machine.
const STARTUP_DEADLINE_MS = 60_000;
const PROCESS_TEST_TIMEOUT_MS = 120_000;

let fake: FakeLlm;
const children: ChildProcess[] = [];
const standIns: ChatServiceStandIn[] = [];
const workers: TestWorker[] = [];

beforeAll(async () => {
  fake = await startFakeLlm({ tokenDelayMs: 1 });
});
afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
  await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
});
afterAll(async () => {
  await fake?.close();
});

function startProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, output, exited };
}

async function startWorkerProcess(standIn: ChatServiceStandIn, env: Record<string, string> = {}) {
  const port = await freePort();
  const started = startProcess({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: standIn.prefix,
    OPENAI_COMPATIBLE_BASE_URL: fake.openaiBaseUrl,
    HOST: '127.0.0.1',
    PORT: String(port),
    GENERATION_CLAIM_IDLE_MS: '500',
    WORKER_NAME: 'process-worker',
    ...env,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await eventually(
    async () => (await fetch(`${baseUrl}/ready`).catch(() => undefined))?.ok,
    STARTUP_DEADLINE_MS,
  );
  return { ...started, baseUrl };
}

function newStandIn() {
  const standIn = createChatServiceStandIn();
  standIns.push(standIn);
  return standIn;
}

describe('src/main.ts', () => {
  it(
    'exits non-zero with one line naming a missing variable',
    async () => {
      const { exited, output } = startProcess({ NODE_ENV: 'test', REDIS_URL: testRedisUrl() });
      const [code] = await exited;
      expect(code).not.toBe(0);
      expect(output.stderr.trim()).toBe('Invalid environment: DATABASE_URL (missing)');
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    'on SIGTERM finishes the generation in flight, then exits 0',
    async () => {
      const chat = newStandIn();
      const worker = await startWorkerProcess(chat, { SHUTDOWN_GRACE_MS: '10000' });
      const prompt = '[[delay:50]] [[words:50]] Finish before you go';
      const sent = await chat.postMessage(prompt);
      await eventually(async () => (await chat.frames(sent.generationId)).length > 0);
      const metrics = await (await fetch(`${worker.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(/^provider_worker_active_generations\{[^}]*\} 1$/m);

      worker.child.kill('SIGTERM');
      const [code] = await worker.exited;
      expect(code).toBe(0);
      const frames = await chat.frames(sent.generationId);
      expect(frames.at(-1)?.type).toBe('done');
      expect((await chat.loadGeneration(sent.generationId)).assistantMessage.content).toBe(fakeReply(prompt));
      expect(await chat.pendingCount()).toBe(0);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    'killed with SIGKILL mid-stream: another worker reclaims the generation, resets and answers in full',
    async () => {
      const chat = newStandIn();
      const doomed = await startWorkerProcess(chat);
      const prompt = '[[delay:40]] [[words:50]] Do not die on me';
      const sent = await chat.postMessage(prompt);
      await eventually(async () => (await chat.frames(sent.generationId)).length >= 3);
      doomed.child.kill('SIGKILL');
      await doomed.exited;

      workers.push(
        await startTestWorker({ prefix: chat.prefix, fake, env: { GENERATION_CLAIM_IDLE_MS: '500' } }),
      );
      const frames = await chat.waitForEnd(sent.generationId, 15_000);
      const types = frames.map((frame) => frame.type);
      expect(types.indexOf('reset')).toBeGreaterThanOrEqual(3);
      expect(types.filter((type) => type === 'reset')).toHaveLength(1);
      expect(types.at(-1)).toBe('done');
      expect(visibleText(frames)).toBe(fakeReply(prompt));
      const generation = await chat.loadGeneration(sent.generationId);
      expect(generation).toMatchObject({ status: 'done', attempts: 2 });
      expect(generation.assistantMessage.content).toBe(visibleText(frames));
      await chat.waitForAcked(sent.entryId);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});
