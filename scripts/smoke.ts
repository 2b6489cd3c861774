/**
 * The quick-start smoke (`pnpm smoke`, and CI after the test command): what a new user does on a
 * fresh clone. Runs the README start command with no pnpm on PATH, waits for /ready, registers,
 * chats with the Offline demo model and reads the answer over the WebSocket to its `done` frame,
 * then stops the stack with SIGINT (Ctrl+C) and checks that nothing it started is left: no
 * process, no listening port.
 *
 *   pnpm smoke                # PostgreSQL/Redis as `npm start` finds them
 *   pnpm smoke --embedded     # the embedded-PostgreSQL path: local server ignored, a free port
 *
 * Every failure ends in one sentence naming the step, after the start command's last lines.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { createClient, type Frame } from '../e2e/chat-client';
import { processesInGroup } from './lib/process-group';
import { ROOT } from './lib/stack';

const embedded = process.argv.includes('--embedded');
const BASE = 'http://127.0.0.1:3000';
const START_TIMEOUT_MS = 10 * 60_000; // a cold start builds everything first
const STOP_TIMEOUT_MS = 60_000;
const log = (message: string) => console.log(`[smoke] ${message}`);

/** A PATH without pnpm or project binaries: what a machine with only Node.js and npm has. */
function pathWithoutPnpm(path: string): string {
  return path
    .split(delimiter)
    .filter((dir) => {
      if (!dir || dir.includes('node_modules')) return false;
      try {
        accessSync(join(dir, 'pnpm'), constants.X_OK);
        return false;
      } catch {
        return true;
      }
    })
    .join(delimiter);
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The ports in [from, to] that something listens on (probed in batches; refusals are instant). */
async function listeningPorts(from: number, to: number, extra: number[] = []): Promise<number[]> {
  const ports = [...Array.from({ length: to - from + 1 }, (_, i) => from + i), ...extra];
  const open: number[] = [];
  for (let i = 0; i < ports.length; i += 100) {
    const batch = ports.slice(i, i + 100);
    const answers = await Promise.all(batch.map(isListening));
    batch.forEach((port, j) => answers[j] && open.push(port));
  }
  return open;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

class SmokeFailure extends Error {}
const fail = (sentence: string): never => {
  throw new SmokeFailure(sentence);
};

const extraPorts = [1025, 63799];
let embeddedPort: number | undefined;
if (embedded) {
  embeddedPort = await freePort();
  extraPorts.push(embeddedPort);
}
const before = new Set(await listeningPorts(3000, 4010, extraPorts));
for (const port of [3000, 3001, 4001, 4002, 4003, 4004, 4005, 4010, 1025]) {
  if (before.has(port)) {
    console.error(
      `[smoke] port ${port} is in use before the smoke starts: stop what listens there and run it again.`,
    );
    process.exit(1);
  }
}

const env: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: pathWithoutPnpm(process.env.PATH ?? ''),
  // Fresh process state: nothing inherited from a pnpm or npm run that launched the smoke.
  npm_config_user_agent: undefined,
  VIVIER_PNPM: undefined,
  CI: process.env.CI ?? '1',
};
for (const key of Object.keys(env)) if (key.startsWith('npm_') || key.startsWith('PNPM_')) delete env[key];
if (embedded) {
  delete env.DATABASE_URL;
  env.VIVIER_POSTGRES = 'embedded';
  env.EMBEDDED_POSTGRES_PORT = String(embeddedPort);
}

const npm = spawnSync('npm', ['--version'], { env, encoding: 'utf8' });
if (npm.status !== 0) {
  console.error('[smoke] npm is not on PATH: the quick start needs Node.js and npm.');
  process.exit(1);
}
log(
  `npm start${embedded ? ` with the embedded PostgreSQL on port ${embeddedPort}` : ''} (PATH without pnpm: ${env.PATH})`,
);

const output: string[] = [];
const child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
const group = child.pid!;
const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
let exitCode: number | null | undefined;
void exited.then((code) => (exitCode = code));
for (const stream of [child.stdout, child.stderr]) {
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line) output.push(line);
  });
}
const tail = () => output.slice(-60).join('\n');

async function waitForReady(): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exitCode !== undefined) fail(`npm start exited with ${exitCode} before Vivier was ready`);
    if (output.some((line) => line.includes('Vivier is running'))) {
      const ready = await fetch(`${BASE}/ready`, { signal: AbortSignal.timeout(2000) }).catch(
        () => undefined,
      );
      if (ready?.ok) return;
    }
    if (Date.now() > deadline) fail(`Vivier was not ready within ${START_TIMEOUT_MS / 60_000} minutes`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function chat(): Promise<void> {
  const api = createClient(BASE);
  const email = `smoke-${randomBytes(4).toString('hex')}@example.com`;
  const registered = await api.call('POST', '/api/auth/register', {
    body: { email, password: 'Correct-Horse-9-Battery', name: 'Smoke' },
  });
  if (registered.status !== 201) fail(`registering answered ${registered.status}: ${registered.text}`);
  const token = registered.json.accessToken as string;

  const models = await api.call('GET', '/api/models', { token });
  const demo = (models.json?.items ?? []).find((model: { label: string }) =>
    /offline demo/i.test(model.label),
  );
  if (!demo) fail(`no Offline demo model in GET /api/models: ${models.text}`);

  const created = await api.call('POST', '/api/chats', {
    token,
    body: { provider: demo.provider, model: demo.id },
  });
  if (created.status !== 201) fail(`creating a chat answered ${created.status}: ${created.text}`);
  const sent = await api.call('POST', `/api/chats/${created.json.id}/messages`, {
    token,
    body: { content: 'Hello from the quick-start smoke' },
  });
  if (sent.status !== 202) fail(`sending a message answered ${sent.status}: ${sent.text}`);

  let frames: Frame[] = [];
  try {
    frames = await api.watch(sent.json.generationId, token, { timeoutMs: 60_000 });
  } catch (error) {
    fail(`the answer did not stream over the WebSocket (${(error as Error).message})`);
  }
  const last = frames.at(-1);
  if (last?.type !== 'done') fail(`the stream ended with ${JSON.stringify(last)} instead of a done frame`);
  const text = frames
    .filter((frame) => frame.type === 'delta')
    .map((frame) => frame.text)
    .join('');
  if (!text) fail('the answer streamed no text');

  const messages = await api.call('GET', `/api/chats/${created.json.id}/messages`, { token });
  const stored = (messages.json?.items ?? []).find(
    (message: { id: string }) => message.id === sent.json.assistantMessage.id,
  );
  if (stored?.content !== text || stored?.status !== 'complete') {
    fail(`the stored answer (${JSON.stringify(stored)}) is not the streamed text`);
  }
  log(`registered, chatted with "${demo.label}", streamed ${frames.length} frames to done`);
}

async function stop(): Promise<void> {
  log('stopping with SIGINT (Ctrl+C)');
  process.kill(-group, 'SIGINT');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    fail(`npm start did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGINT`);
  }
  // Children may outlive the parent by a moment; give them the same bound.
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  let left = processesInGroup(group);
  while (left.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    left = processesInGroup(group);
  }
  if (left.length) {
    const listed = left.map(({ pid, command }) => `${pid} ${command.slice(0, 120)}`).join('\n  ');
    fail(`processes started by npm start are still running after it stopped:\n  ${listed}`);
  }
  const after = await listeningPorts(3000, 4010, extraPorts);
  const stillOpen = after.filter((port) => !before.has(port));
  if (stillOpen.length) fail(`ports still listening after the stack stopped: ${stillOpen.join(', ')}`);
  log('stopped: no process left, ports 3000–4010 free again');
}

try {
  await waitForReady();
  log(
    `ready: ${output
      .filter((line) => line.startsWith('[vivier]'))
      .slice(0, 4)
      .join(' | ')}`,
  );
  if (embedded && !output.some((line) => line.includes('embedded PostgreSQL'))) {
    fail('npm start did not say it started the embedded PostgreSQL');
  }
  await chat();
  await stop();
  log('passed');
} catch (error) {
  if (exitCode === undefined) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  console.error(`--- last lines of npm start ---\n${tail()}\n---`);
  const sentence =
    error instanceof SmokeFailure ? error.message : `unexpected error: ${(error as Error).message}`;
  console.error(`[smoke] FAILED${embedded ? ' (embedded PostgreSQL)' : ''}: ${sentence}.`);
  process.exit(1);
}
