import { MESSAGE_MAX_LENGTH, type ErrorDetail } from '@vivier/contracts';
import type { z } from 'zod';

export type ImportFormat = 'chatgpt' | 'claude' | 'librechat' | 'openwebui';

export const FORMAT_LABELS: Record<ImportFormat, string> = {
  chatgpt: 'ChatGPT export',
  claude: 'Claude export',
  librechat: 'LibreChat export',
  openwebui: 'Open WebUI export',
};

/** One message of a foreign conversation; parents always come before their children. */
export interface ImportedMessage {
  id: string;
  parentId: string | null;
  role: 'user' | 'assistant';
  content: string;
  /** The model the source app names for this answer, kept as-is. */
  model: string | null;
  createdAt: Date;
}

export interface ImportedConversation {
  title: string;
  createdAt: Date;
  updatedAt: Date;
  /** The source app's model for the conversation, when it names one. */
  model: string | null;
  messages: ImportedMessage[];
}

/** A file that is recognised but not sound; `details` point at the faulty place. */
export class ImportFileError extends Error {
  constructor(
    readonly details: ErrorDetail[],
    message = 'The file does not hold a valid export',
  ) {
    super(message);
  }
}

const MAX_DETAILS = 20;
const TITLE_MAX_LENGTH = 200;
const TRUNCATED_NOTE = '\n\n[truncated on import]';

/** Validates with `schema` or throws with the zod issues as paths from the file's top. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ImportFileError(
    result.error.issues.slice(0, MAX_DETAILS).map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  );
}

/** PostgreSQL text cannot hold NUL; a message longer than ours can is cut, and says so. */
export function cleanContent(content: string): string {
  const clean = content.replaceAll('\u0000', '');
  if (clean.length <= MESSAGE_MAX_LENGTH) return clean;
  return clean.slice(0, MESSAGE_MAX_LENGTH - TRUNCATED_NOTE.length) + TRUNCATED_NOTE;
}

export function cleanTitle(title: string | null | undefined): string {
  const clean = (title ?? '').replaceAll('\u0000', '').trim();
  return clean ? clean.slice(0, TITLE_MAX_LENGTH) : 'Imported chat';
}

/**
 * A Unix timestamp as apps write it: seconds (ChatGPT floats, Open WebUI) but some versions use
 * milliseconds or nanoseconds; told apart by size (seconds reach 1e11 only in the year 5138).
 */
export function fromEpoch(value: number): Date {
  const scale = value > 1e17 ? 1e-6 : value > 1e14 ? 1e-3 : value > 1e11 ? 1 : 1e3;
  return new Date(Math.round(value * scale));
}

/**
 * Orders a forest parents-first (siblings by date) and re-parents the children of dropped nodes
 * onto the nearest kept ancestor. `keep` says which nodes become messages.
 */
export function flattenTree<N>(
  nodes: ReadonlyMap<string, N>,
  parentOf: (node: N) => string | null,
  keep: (node: N) => ImportedMessage | null,
  where: string,
): ImportedMessage[] {
  const children = new Map<string | null, string[]>();
  const problems: ErrorDetail[] = [];
  for (const [id, node] of nodes) {
    let parent = parentOf(node);
    if (parent !== null && !nodes.has(parent)) {
      problems.push({
        path: `${where}.${id}`,
        message: `refers to parent ${parent}, which is not in the file`,
      });
      parent = null;
    }
    const siblings = children.get(parent);
    if (siblings) siblings.push(id);
    else children.set(parent, [id]);
  }
  if (problems.length) throw new ImportFileError(problems.slice(0, MAX_DETAILS));
  const out: ImportedMessage[] = [];
  const visited = new Set<string>();
  const converted = new Map<string, ImportedMessage | null>();
  const convert = (id: string) => {
    if (!converted.has(id)) converted.set(id, keep(nodes.get(id)!));
    return converted.get(id)!;
  };
  const byDate = (a: string, b: string) =>
    (convert(a)?.createdAt.getTime() ?? 0) - (convert(b)?.createdAt.getTime() ?? 0);
  // Iterative: a ChatGPT conversation can be thousands of nodes deep.
  const stack: Array<{ id: string; keptParent: string | null }> = (children.get(null) ?? [])
    .sort(byDate)
    .reverse()
    .map((id) => ({ id, keptParent: null }));
  while (stack.length) {
    const { id, keptParent } = stack.pop()!;
    visited.add(id);
    const message = convert(id);
    if (message) out.push({ ...message, id, parentId: keptParent });
    const next = message ? id : keptParent;
    for (const child of [...(children.get(id) ?? [])].sort(byDate).reverse())
      stack.push({ id: child, keptParent: next });
  }
  if (visited.size < nodes.size) {
    const stuck = [...nodes.keys()].find((id) => !visited.has(id))!;
    throw new ImportFileError([{ path: `${where}.${stuck}`, message: 'is part of a parent cycle' }]);
  }
  return out;
}
