/**
 * What a heap grew by, by kind of object: two V8 heap snapshots (`.heapsnapshot`) of one process
 * compared by constructor name (objects), function name (closures) or node type (arrays, strings,
 * native), self sizes summed. With `--per N` the figures are divided by N (N idle sockets opened
 * between the two snapshots: bytes and objects per socket). A snapshot holds only what is reachable
 * (taking it collects garbage), so this is the retained heap, not RSS.
 *
 *   node --import tsx bench/src/stream/heap-diff.ts before.heapsnapshot after.heapsnapshot [--per 5000] [--top 30]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

interface Group {
  count: number;
  bytes: number;
}

/** Self size and count per group of a snapshot's nodes. */
export function groupHeap(path: string): Map<string, Group> {
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, Group>();
  for (let offset = 0; offset < snapshot.nodes.length; offset += width) {
    const type = types[snapshot.nodes[offset + typeAt]!]!;
    const name = snapshot.strings[snapshot.nodes[offset + nameAt]!]!;
    // Object and closure names say what they are; an array's or a string's name is its content.
    const key =
      type === 'object' || type === 'native'
        ? `${type} ${name}`
        : type === 'closure'
          ? `closure ${name || '(anonymous)'}`
          : type === 'hidden' || type === 'code'
            ? `${type} ${name.slice(0, 40)}`
            : type;
    const group = groups.get(key) ?? { count: 0, bytes: 0 };
    group.count += 1;
    group.bytes += snapshot.nodes[offset + sizeAt]!;
    groups.set(key, group);
  }
  return groups;
}

/** What grew between two snapshots, per `per` (sockets), largest first; `total` in bytes. */
export function heapGrowth(beforePath: string, afterPath: string, per = 1) {
  const before = groupHeap(beforePath);
  const after = groupHeap(afterPath);
  // Every group of either snapshot: one that is gone from the second shrank to nothing.
  const keys = new Set([...before.keys(), ...after.keys()]);
  const rows = [...keys]
    .map((key) => {
      const earlier = before.get(key) ?? { count: 0, bytes: 0 };
      const later = after.get(key) ?? { count: 0, bytes: 0 };
      return { key, count: (later.count - earlier.count) / per, bytes: (later.bytes - earlier.bytes) / per };
    })
    .sort((left, right) => right.bytes - left.bytes);
  return { rows, total: rows.reduce((sum, row) => sum + row.bytes, 0) };
}

export function printHeapGrowth(label: string, growth: ReturnType<typeof heapGrowth>, top = 20): void {
  console.log(`${label}: retained heap grew by ${(growth.total / 1024).toFixed(2)} KiB`);
  for (const row of growth.rows.slice(0, top))
    console.log(`${row.bytes.toFixed(0).padStart(8)} B ${row.count.toFixed(2).padStart(7)} × ${row.key}`);
}

if (process.argv[1]?.endsWith('heap-diff.ts')) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { per: { type: 'string', default: '1' }, top: { type: 'string', default: '30' } },
  });
  const [beforePath, afterPath] = positionals;
  if (!beforePath || !afterPath)
    throw new Error('usage: heap-diff.ts before.heapsnapshot after.heapsnapshot');
  const per = Number(values.per);
  printHeapGrowth(
    per === 1 ? 'in all' : `per ${per}th`,
    heapGrowth(beforePath, afterPath, per),
    Number(values.top),
  );
}
