/**
 * A form-encoded Stripe request body (or query string) as nested values: the SDK encodes
 * `{ metadata: { userId }, line_items: [{ price }] }` as `metadata[userId]=…&line_items[0][price]=…`.
 * Leaves are strings exactly as sent (Stripe's own server coerces per parameter); an empty string
 * is how the SDK sends `null`.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

/** `a[b][0][c]` → `['a', 'b', '0', 'c']`; a key without brackets is one segment. */
function segmentsOf(key: string): string[] {
  const first = key.indexOf('[');
  if (first < 0) return [key];
  const segments = [key.slice(0, first)];
  for (const match of key.slice(first).matchAll(/\[([^\]]*)\]/g)) segments.push(match[1] ?? '');
  return segments;
}

const isIndex = (segment: string) => /^\d+$/.test(segment);

function assign(container: FormObject | FormValue[], segments: string[], value: string): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  const slot = Array.isArray(container) ? Number(head) : head;
  const target = container as Record<string | number, FormValue | undefined>;
  if (rest.length === 0) {
    target[slot] = value;
    return;
  }
  let child = target[slot];
  if (child === undefined || typeof child === 'string') {
    child = isIndex(rest[0] ?? '') ? [] : {};
    target[slot] = child;
  }
  assign(child, rest, value);
}

export function parseFormBody(encoded: string): FormObject {
  const result: FormObject = {};
  for (const [key, value] of new URLSearchParams(encoded)) assign(result, segmentsOf(key), value);
  return result;
}

/** Reads a nested string leaf (`field(body, 'metadata', 'userId')`), or undefined. */
export function formField(value: FormValue | undefined, ...path: Array<string | number>): string | undefined {
  let current: FormValue | undefined = value;
  for (const segment of path) {
    if (current === undefined || typeof current === 'string') return undefined;
    current = Array.isArray(current) ? current[Number(segment)] : current[String(segment)];
  }
  return typeof current === 'string' ? current : undefined;
}

/** A nested object of string leaves (metadata), or `{}`. */
export function formRecord(value: FormValue | undefined): Record<string, string> {
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return {};
  const record: Record<string, string> = {};
  for (const [key, leaf] of Object.entries(value)) if (typeof leaf === 'string') record[key] = leaf;
  return record;
}

export function formList(value: FormValue | undefined): FormValue[] {
  return Array.isArray(value) ? value.filter((item) => item !== undefined) : [];
}
