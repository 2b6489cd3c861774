/** The parts of a message the tree needs: messages form a tree through `parentId`. */
export interface TreeMessage {
  id: string;
  parentId: string | null;
  createdAt: string;
}

/** Chosen child per parent (`ROOT_KEY` for the roots); a parent not listed shows its newest child. */
export type BranchSelection = Readonly<Record<string, string>>;

export const ROOT_KEY = '~root';

const parentKeyOf = (message: Pick<TreeMessage, 'parentId'>): string => message.parentId ?? ROOT_KEY;

export interface VisibleMessage<T extends TreeMessage> {
  message: T;
  /** Ids of this message and its siblings, oldest first. */
  siblingIds: readonly string[];
  /** Position of this message among its siblings (0-based). */
  index: number;
}

const byCreation = (a: TreeMessage, b: TreeMessage) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Children of every parent, oldest first. */
function childrenByParent<T extends TreeMessage>(messages: readonly T[]): Map<string, T[]> {
  const children = new Map<string, T[]>();
  for (const message of messages) {
    const key = parentKeyOf(message);
    const siblings = children.get(key);
    if (siblings) siblings.push(message);
    else children.set(key, [message]);
  }
  for (const siblings of children.values()) siblings.sort(byCreation);
  return children;
}

/**
 * The conversation the reader sees: from the roots down, at each level the selected child, or
 * the newest one (as the server's export does), with where it sits among its siblings.
 */
export function visiblePath<T extends TreeMessage>(
  messages: readonly T[],
  selection: BranchSelection = {},
): VisibleMessage<T>[] {
  const children = childrenByParent(messages);
  const path: VisibleMessage<T>[] = [];
  const seen = new Set<string>();
  let key = ROOT_KEY;
  for (;;) {
    const siblings = children.get(key);
    if (!siblings?.length) break;
    const selectedId = selection[key];
    let index = selectedId === undefined ? -1 : siblings.findIndex((sibling) => sibling.id === selectedId);
    if (index < 0) index = siblings.length - 1;
    const message = siblings[index]!;
    if (seen.has(message.id)) break;
    seen.add(message.id);
    path.push({ message, siblingIds: siblings.map((sibling) => sibling.id), index });
    key = message.id;
  }
  return path;
}

/** The selection after moving `offset` siblings from `entry` (‹ / ›); unchanged at either end. */
export function selectSibling<T extends TreeMessage>(
  selection: BranchSelection,
  entry: VisibleMessage<T>,
  offset: number,
): BranchSelection {
  const target = entry.siblingIds[entry.index + offset];
  if (target === undefined) return selection;
  return { ...selection, [parentKeyOf(entry.message)]: target };
}

/** The selection that makes `messageId` visible: every ancestor chosen along the way. */
export function selectPathTo<T extends TreeMessage>(
  messages: readonly T[],
  selection: BranchSelection,
  messageId: string,
): BranchSelection {
  const byId = new Map(messages.map((message) => [message.id, message]));
  const next: Record<string, string> = { ...selection };
  const seen = new Set<string>();
  let current = byId.get(messageId);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    next[parentKeyOf(current)] = current.id;
    current = current.parentId === null ? undefined : byId.get(current.parentId);
  }
  return next;
}
