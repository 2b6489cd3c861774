/**
 * ioredis types stream replies as `unknown[]`; these parse them defensively into plain shapes so
 * the rest of the bus never indexes into raw arrays.
 */

export interface StreamEntry {
  id: string;
  /** `null` when the entry was trimmed or deleted but its id is still pending. */
  fields: Record<string, string> | null;
}

export interface PendingEntry {
  id: string;
  consumer: string;
  idleMs: number;
  deliveries: number;
}

function toFields(flat: unknown[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let index = 0; index + 1 < flat.length; index += 2) {
    fields[String(flat[index])] = String(flat[index + 1]);
  }
  return fields;
}

export function parseEntries(raw: unknown): StreamEntry[] {
  if (!Array.isArray(raw)) return [];
  const entries: StreamEntry[] = [];
  for (const item of raw) {
    if (!Array.isArray(item) || typeof item[0] !== 'string') continue;
    const flat: unknown = item[1];
    entries.push({ id: item[0], fields: Array.isArray(flat) ? toFields(flat) : null });
  }
  return entries;
}

/** XREADGROUP on one stream: `[[key, entries]]`, or `null` when BLOCK timed out. */
export function parseReadGroupReply(raw: unknown): StreamEntry[] {
  if (!Array.isArray(raw)) return [];
  const first: unknown = raw[0];
  return Array.isArray(first) ? parseEntries(first[1]) : [];
}

/** XAUTOCLAIM: `[nextCursor, entries, deletedIds]` (the third element since Redis 7). */
export function parseAutoClaimReply(raw: unknown): {
  cursor: string;
  entries: StreamEntry[];
  deletedIds: string[];
} {
  if (!Array.isArray(raw)) return { cursor: '0-0', entries: [], deletedIds: [] };
  const deleted: unknown = raw[2];
  return {
    cursor: typeof raw[0] === 'string' ? raw[0] : '0-0',
    entries: parseEntries(raw[1]),
    deletedIds: Array.isArray(deleted) ? deleted.map(String) : [],
  };
}

/** Extended XPENDING: `[[id, consumer, idleMs, deliveries], ...]`. */
export function parsePendingReply(raw: unknown): PendingEntry[] {
  if (!Array.isArray(raw)) return [];
  const pending: PendingEntry[] = [];
  for (const item of raw) {
    if (!Array.isArray(item) || item.length < 4) continue;
    pending.push({
      id: String(item[0]),
      consumer: String(item[1]),
      idleMs: Number(item[2]),
      deliveries: Number(item[3]),
    });
  }
  return pending;
}
