/** One field of an audit entry that changed between the before and after snapshots. */
export interface FieldChange {
  /** Dot path into the snapshot, e.g. `role` or `modelOverrides.gpt-4o.enabled`. */
  field: string;
  /** Display text, or null when the field did not exist on that side. */
  before: string | null;
  after: string | null;
}

type Snapshot = Record<string, unknown> | null | undefined;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Leaves of a snapshot by dot path; arrays and scalars are leaves. */
function flatten(value: unknown, prefix: string, into: Map<string, unknown>): Map<string, unknown> {
  if (isPlainObject(value) && (prefix === '' || Object.keys(value).length > 0)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix !== '') {
    into.set(prefix, value);
  }
  return into;
}

/** How a snapshot value reads in the log: strings as they are, the rest as compact JSON. */
export function displayValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * The fields that differ between two audit snapshots, in a stable order (the after snapshot's
 * order, then removed fields). A created target has no before, a deleted one no after: every
 * field is then listed. Timestamps that change on every write (`updatedAt`) are left out.
 */
export function diffSnapshots(before: Snapshot, after: Snapshot): FieldChange[] {
  const left = flatten(before ?? {}, '', new Map());
  const right = flatten(after ?? {}, '', new Map());
  const fields = [...right.keys(), ...[...left.keys()].filter((key) => !right.has(key))];
  const changes: FieldChange[] = [];
  for (const field of fields) {
    if (field === 'updatedAt') continue;
    const hadBefore = left.has(field);
    const hasAfter = right.has(field);
    const beforeText = hadBefore ? displayValue(left.get(field)) : null;
    const afterText = hasAfter ? displayValue(right.get(field)) : null;
    if (hadBefore && hasAfter && beforeText === afterText) continue;
    changes.push({ field, before: beforeText, after: afterText });
  }
  return changes;
}

/** `user.role.change` → `User role change`. */
export function describeAction(action: string): string {
  const words = action
    .split(/[.\-_]/)
    .filter(Boolean)
    .join(' ');
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : action;
}
