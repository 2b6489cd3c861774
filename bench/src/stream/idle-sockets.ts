/**
 * The memory suite alone (issue 11: RSS per idle WebSocket), split by process: starts the bench
 * environment, warms the pipeline up with a few streams (as main.ts does before its memory suite),
 * then opens `--sockets` idle authenticated WebSockets through the gateway and prints the RSS each
 * of the gateway and chat-service grew by, per socket. A minute instead of the whole bench's six.
 *
 *   node --import tsx --conditions=source bench/src/stream/idle-sockets.ts [--sockets 5000] [--gc] [--snapshots /tmp/heap]
 *
 * `--gc` also collects garbage in both processes (through the inspector, `--expose-gc`) before and
 * after the sockets open and prints what `process.memoryUsage()` grew by per socket: RSS without
 * the garbage the bench's figure includes, V8's heap (used and reserved) and what lies outside it.
 * `--allocations` samples the allocations made while the sockets open that were not collected
 * young (the sockets, and the handshakes' garbage promoted among them) and prints the bytes per
 * socket by allocating function.
 * The sampling profiler's own memory shows in RSS then. `--promotion` counts what each process's
 * young-generation collections moved into the old generation while the sockets opened, per socket
 * (`--trace-gc-nvp`): the live sockets plus the handshakes' garbage that outlived two collections,
 * which stays resident among them.
 *
 * `--snapshots DIR` also has both processes write a heap snapshot (`--heapsnapshot-signal`) before
 * and after the sockets open, into DIR, and prints what each one's retained heap grew by per
 * socket (heap-diff.ts); the snapshots stay in DIR for a closer look.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunningService } from '../../../scripts/lib/stack';
import { createPipelineArm, pacedPrompt } from './arms';
import { heapGrowth, printHeapGrowth } from './heap-diff';
import WebSocket from 'ws';
import { measureIdleSockets } from './memory';
import { closeUsers, createUsers, startEnvironment } from './setup';

const { values } = parseArgs({
  options: {
    sockets: { type: 'string', default: '5000' },
    snapshots: { type: 'string' },
    gc: { type: 'boolean', default: false },
    allocations: { type: 'boolean', default: false },
    promotion: { type: 'boolean', default: false },
  },
});
const count = Number(values.sockets);
const snapshotDir = values.snapshots;
if (snapshotDir) {
  mkdirSync(snapshotDir, { recursive: true });
  process.env.STACK_NODE_ARGS = [
    process.env.STACK_NODE_ARGS ?? '',
    '--heapsnapshot-signal=SIGUSR2',
    `--diagnostic-dir=${snapshotDir}`,
  ].join(' ');
}

/** Has `service` write a heap snapshot and waits until the file is whole; returns its path. */
async function writeHeapSnapshot(service: RunningService, dir: string): Promise<string> {
  const pid = service.child.pid!;
  const existing = new Set(readdirSync(dir));
  service.child.kill('SIGUSR2');
  for (let lastSize = -1; ;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const file = readdirSync(dir).find((name) => !existing.has(name) && name.includes(`.${pid}.`));
    if (!file) continue;
    const size = statSync(join(dir, file)).size;
    // Written synchronously by the process: done once the size holds still.
    if (size > 0 && size === lastSize) return join(dir, file);
    lastSize = size;
  }
}

async function snapshotAll(services: RunningService[]): Promise<string[]> {
  const paths: string[] = [];
  for (const service of services) paths.push(await writeHeapSnapshot(service, snapshotDir!));
  return paths;
}

if (values.gc || values.allocations)
  process.env.STACK_NODE_ARGS = [
    process.env.STACK_NODE_ARGS ?? '',
    '--expose-gc',
    '--inspect=127.0.0.1:0',
  ].join(' ');

type MemoryUsage = ReturnType<typeof process.memoryUsage> & {
  spaces: Array<{ space_name: string; space_size: number; space_used_size: number }>;
};

/** A Chrome DevTools protocol session with a service's inspector (`--inspect`). */
async function openInspector(service: RunningService) {
  const line = service.output.find((text) => text.startsWith('Debugger listening on '));
  if (!line) throw new Error(`${service.name} has no inspector (STACK_NODE_ARGS)`);
  const socket = new WebSocket(line.slice('Debugger listening on '.length).trim(), { maxPayload: 0 });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const pending = new Map<number, (result: unknown) => void>();
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  let nextId = 0;
  return {
    call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      const id = ++nextId;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise((resolve) => pending.set(id, resolve as (result: unknown) => void));
    },
    close: () => socket.close(),
  };
}
type Inspector = Awaited<ReturnType<typeof openInspector>>;

/** Collects garbage in a service and returns its `process.memoryUsage()` and V8's heap spaces. */
async function collectAndMeasure(inspector: Inspector): Promise<MemoryUsage> {
  const answer = await inspector.call<{ result: { value: string } }>('Runtime.evaluate', {
    expression:
      'gc(); JSON.stringify({ ...process.memoryUsage(), spaces: require("v8").getHeapSpaceStatistics() })',
    includeCommandLineAPI: true,
    returnByValue: true,
  });
  return JSON.parse(answer.result.value) as MemoryUsage;
}

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/** Bytes allocated per socket by the function that allocated them (garbage included). */
function printAllocations(name: string, root: SamplingNode, sockets: number): void {
  const bySite = new Map<string, number>();
  const visit = (node: SamplingNode, stack: string[]) => {
    const frame = node.callFrame;
    const here = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/apps\//, '')}:${frame.lineNumber + 1}`;
    const path = [...stack, here].slice(-3);
    if (node.selfSize > 0) bySite.set(path.join(' < '), (bySite.get(path.join(' < ')) ?? 0) + node.selfSize);
    for (const child of node.children) visit(child, path);
  };
  visit(root, []);
  const rows = [...bySite].sort((left, right) => right[1] - left[1]);
  const total = rows.reduce((sum, [, bytes]) => sum + bytes, 0);
  console.log(
    `\n${name}: ${(total / 1024 / sockets).toFixed(1)} KiB per socket opened reached the old generation`,
  );
  for (const [site, bytes] of rows.slice(0, 25))
    console.log(`${(bytes / sockets).toFixed(0).padStart(6)} B  ${site.split(' < ').reverse().join(' < ')}`);
}

function printUsageGrowth(name: string, before: MemoryUsage, after: MemoryUsage, sockets: number): void {
  const fields = ['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'] as const;
  console.log(
    `${name}, garbage collected, per socket: ` +
      fields
        .map((field) => `${field} ${((after[field] - before[field]) / 1024 / sockets).toFixed(2)} KiB`)
        .join(', '),
  );
  // Where V8's reserve grew: a young generation grown to its limit, or old pages left half full.
  for (const space of after.spaces) {
    const earlier = before.spaces.find((candidate) => candidate.space_name === space.space_name);
    const size = (space.space_size - (earlier?.space_size ?? 0)) / 1024 / sockets;
    const used = (space.space_used_size - (earlier?.space_used_size ?? 0)) / 1024 / sockets;
    if (Math.abs(size) >= 0.05 || Math.abs(used) >= 0.05)
      console.log(
        `  ${space.space_name}: size ${size.toFixed(2)} KiB, used ${used.toFixed(2)} KiB per socket`,
      );
  }
}

if (values.promotion)
  process.env.STACK_NODE_ARGS = [process.env.STACK_NODE_ARGS ?? '', '--trace-gc-nvp'].join(' ');

/** Bytes promoted by each process's scavenges since it started, from its `--trace-gc-nvp` lines. */
function countPromotions(services: RunningService[]): number[] {
  const promoted = services.map(() => 0);
  services.forEach((service, index) => {
    // Lines can be split across chunks: only whole lines are counted.
    let partial = '';
    service.child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines)
        for (const match of line.matchAll(/ promoted=(\d+)/g)) promoted[index]! += Number(match[1]);
    });
  });
  return promoted;
}

const environment = await startEnvironment();
try {
  const services = environment.stack.services.filter(
    (service) => service.name === 'gateway' || service.name === 'chat-service',
  );
  const promoted = countPromotions(services);
  const users = await createUsers(environment.gatewayUrl, 10, 1, 'idle');
  const pipeline = createPipelineArm(environment.gatewayUrl);
  const shape = { deltas: 8, bytes: 16, delayMs: 2, leadMs: 2 };
  for (let wave = 0; wave < 3; wave += 1)
    await Promise.all(users.map((user) => pipeline(user, user.chatIds[0]!, pacedPrompt(shape))));
  const promotedBefore = [...promoted];
  const beforeSnapshots = snapshotDir ? await snapshotAll(services) : [];
  const inspectors = values.gc || values.allocations ? await Promise.all(services.map(openInspector)) : [];
  const usageBefore = await Promise.all(inspectors.map(collectAndMeasure));
  // Every allocation while the sockets open that outlived the young generation.
  if (values.allocations)
    for (const inspector of inspectors)
      await inspector.call('HeapProfiler.startSampling', {
        samplingInterval: 1024,
        includeObjectsCollectedByMajorGC: true,
        // Not what died young: what is left is what reached the old generation, alive or not yet
        // collected there, i.e. what the sockets cost in resident pages.
        includeObjectsCollectedByMinorGC: false,
      });
  let usageAfter: MemoryUsage[] = [];
  const allocations: SamplingNode[] = [];
  let afterSnapshots: string[] = [];
  const summary = await measureIdleSockets({
    gatewayUrl: environment.gatewayUrl,
    token: users[0]!.token,
    services,
    count,
    whileOpen: async () => {
      if (process.env.IDLE_SOCKETS_DUMP_OUTPUT)
        for (const service of services)
          console.log(service.output.map((line) => `[${service.name}] ${line}`).join('\n'));
      if (values.promotion)
        services.forEach((service, index) =>
          console.log(
            `${service.name}: ${((promoted[index]! - promotedBefore[index]!) / 1024 / count).toFixed(2)} KiB promoted to the old generation per socket asked for (some may have failed to open: see the line below)`,
          ),
        );
      for (const [index, inspector] of values.allocations ? inspectors.entries() : []) {
        const { profile } = await inspector.call<{ profile: { head: SamplingNode } }>(
          'HeapProfiler.stopSampling',
        );
        allocations[index] = profile.head;
      }
      usageAfter = await Promise.all(inspectors.map(collectAndMeasure));
      if (snapshotDir) afterSnapshots = await snapshotAll(services);
    },
  });
  console.log(
    `${summary.opened} of ${summary.sockets} idle WebSockets: ${summary.perSocketKiB} KiB RSS each in gateway + chat-service ` +
      `(${Object.entries(summary.perSocketKiBByService)
        .map(([name, kib]) => `${name} ${kib}`)
        .join(', ')})`,
  );
  services.forEach((service, index) => {
    if (usageBefore[index] && usageAfter[index])
      printUsageGrowth(service.name, usageBefore[index], usageAfter[index], summary.opened);
    if (allocations[index]) printAllocations(service.name, allocations[index], summary.opened);
    if (beforeSnapshots[index] && afterSnapshots[index])
      printHeapGrowth(
        `\n${service.name}, per socket`,
        heapGrowth(beforeSnapshots[index], afterSnapshots[index], summary.opened),
      );
  });
  closeUsers(users);
  for (const inspector of inspectors) inspector.close();
} finally {
  await environment.close();
}
