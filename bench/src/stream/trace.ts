/**
 * Where the added time to first token goes, one stream at a time (issue 11):
 *
 *   node --import tsx --conditions=source bench/src/stream/trace.ts [--streams 30]
 *
 * A timestamping TCP relay sits in front of the fake LLM for both arms (D: the `openai` SDK
 * straight to it; F: the whole pipeline). For each stream it notes when the provider request
 * arrived and when the first content delta left the fake LLM, so a stream's time to first token
 * splits into: before the provider call (F: the send, the bus, the worker's start), the provider's
 * own lead (the same for both arms), and the delivery of the first delta to the client (F: worker →
 * Redis → chat-service → gateway → WebSocket). Streams run one after another on a quiet pipeline:
 * this is latency, not load. Printed as medians and p90 in ms.
 */
import { createServer, connect, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { createDirectArm, createPipelineArm, pacedPrompt, PACED } from './arms';
import { closeUsers, createUsers, startEnvironment } from './setup';

const { values } = parseArgs({ options: { streams: { type: 'string', default: '30' } } });
const streams = Number(values.streams);

interface Marks {
  requestAt?: number;
  firstDeltaAt?: number;
}
const marks = new Map<string, Marks>();
const NONCE = /bench ([0-9a-f]{8})/;
const NONCE_ALL = /bench ([0-9a-f]{8})/g;
const CONTENT = /"content":"[^"]/;

/** The relay: times the request's arrival and the first content delta, per prompt nonce. */
/** The fake LLM's address, known once the environment has started (before any connection). */
const fakeLlm: { url?: URL } = {};
const relay = createServer((client: Socket) => {
  const upstream = connect(Number(fakeLlm.url!.port), fakeLlm.url!.hostname);
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  let nonce: string | undefined;
  // The end of the previous chunk, so a match split across two chunks is still found.
  let requestTail = '';
  let responseTail = '';
  const TAIL = 64;
  client.on('data', (chunk: Buffer) => {
    const text = requestTail + chunk.toString('latin1');
    requestTail = text.slice(-TAIL);
    // The worker sends the chat's history too: the newest prompt is the last one in the body.
    const found = [...text.matchAll(NONCE_ALL)].at(-1);
    if (found && found[1] !== nonce) {
      nonce = found[1]!;
      responseTail = ''; // the previous answer's end says nothing of this one
      marks.set(nonce, { requestAt: performance.now() });
    }
    upstream.write(chunk);
  });
  upstream.on('data', (chunk: Buffer) => {
    const text = responseTail + chunk.toString('latin1');
    responseTail = text.slice(-TAIL);
    const mark = nonce ? marks.get(nonce) : undefined;
    if (mark && mark.firstDeltaAt === undefined && CONTENT.test(text)) mark.firstDeltaAt = performance.now();
    client.write(chunk);
  });
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('close', close).on('error', close);
  upstream.on('close', close).on('error', close);
});
await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
const relayUrl = `http://127.0.0.1:${(relay.address() as { port: number }).port}`;

const environment = await startEnvironment({ extraEnv: { OFFLINE_DEMO_URL: relayUrl } });
fakeLlm.url = new URL(environment.fakeLlmUrl);
try {
  const [user] = await createUsers(environment.gatewayUrl, 1, 1, 'trace');
  const pipeline = createPipelineArm(environment.gatewayUrl);
  const direct = createDirectArm(relayUrl);
  type Row = { accepted: number; before: number; lead: number; delivery: number; ttft: number };
  const rows: Record<'D' | 'F', Row[]> = {
    D: [],
    F: [],
  };
  const nonceOf = (prompt: string) => NONCE.exec(prompt)![1]!;
  // Warm-up: the first message's title job, JIT, connections.
  for (let index = 0; index < 5; index += 1) {
    await pipeline(user!, user!.chatIds[0]!, pacedPrompt());
    await direct(pacedPrompt());
  }
  const shape = { ...PACED, deltas: 4 };
  for (let index = 0; index < streams; index += 1) {
    for (const arm of index % 2 === 0 ? (['D', 'F'] as const) : (['F', 'D'] as const)) {
      const prompt = pacedPrompt(shape);
      const startedAt = performance.now();
      let firstAt = Number.NaN;
      let acceptedAt = Number.NaN;
      const result =
        arm === 'D'
          ? await direct(prompt)
          : await pipeline(
              user!,
              user!.chatIds[0]!,
              prompt,
              () => (firstAt = performance.now()),
              () => (acceptedAt = performance.now()),
            );
      if (result.error) throw new Error(`${arm}: ${result.error}`);
      if (arm === 'D') firstAt = startedAt + result.ttftMs;
      const mark = marks.get(nonceOf(prompt));
      if (!mark?.requestAt || !mark.firstDeltaAt) throw new Error(`${arm}: the relay saw no request`);
      rows[arm].push({
        accepted: acceptedAt - startedAt,
        before: mark.requestAt - startedAt,
        lead: mark.firstDeltaAt - mark.requestAt,
        delivery: firstAt - mark.firstDeltaAt,
        ttft: firstAt - startedAt,
      });
    }
  }
  const quantile = (list: number[], q: number) => {
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  };
  const cell = (list: number[]) => `${quantile(list, 0.5).toFixed(2)} / ${quantile(list, 0.9).toFixed(2)}`;
  console.log(`\nOne stream at a time, ${streams} per arm; p50 / p90 ms\n`);
  console.log(
    '| arm | request sent → 202 | request sent → provider request | provider lead | first delta → client | TTFT |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const arm of ['D', 'F'] as const) {
    const list = rows[arm];
    console.log(
      `| ${arm} | ${arm === 'F' ? cell(list.map((row) => row.accepted)) : '–'} | ${cell(list.map((row) => row.before))} | ${cell(list.map((row) => row.lead))} | ` +
        `${cell(list.map((row) => row.delivery))} | ${cell(list.map((row) => row.ttft))} |`,
    );
  }
  closeUsers([user!]);
} finally {
  await environment.close();
  relay.close();
}
