import type { ErrorDetail } from '@vivier/contracts';

export interface TreeNode {
  id: string;
  parentId: string | null;
  createdAt: Date;
}

const byCreation = (a: TreeNode, b: TreeNode) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The branch a reader sees: from the newest root, follow the most recently created child at
 * each level (the latest edit or regeneration wins), oldest first.
 */
export function visibleBranch<T extends TreeNode>(messages: readonly T[]): T[] {
  const children = new Map<string | null, T[]>();
  for (const message of messages) {
    const siblings = children.get(message.parentId) ?? [];
    siblings.push(message);
    children.set(message.parentId, siblings);
  }
  const branch: T[] = [];
  const seen = new Set<string>();
  let level = children.get(null);
  while (level?.length) {
    const latest = level.reduce((newest, candidate) =>
      byCreation(candidate, newest) > 0 ? candidate : newest,
    );
    if (seen.has(latest.id)) break;
    seen.add(latest.id);
    branch.push(latest);
    level = children.get(latest.id);
  }
  return branch;
}

const MAX_DETAILS = 20;

/**
 * Problems with an imported tree: ids must be unique and every parent must appear earlier in the
 * file, which also rules out cycles. Empty when the tree is sound.
 */
export function importTreeProblems(
  messages: ReadonlyArray<{ id: string; parentId: string | null }>,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const firstIndex = new Map<string, number>();
  messages.forEach((message, index) => {
    if (!firstIndex.has(message.id)) firstIndex.set(message.id, index);
  });
  const seen = new Set<string>();
  messages.forEach((message, index) => {
    if (seen.has(message.id)) {
      problems.push({
        path: `messages.${index}.id`,
        message: `duplicates messages.${firstIndex.get(message.id)}.id`,
      });
    }
    if (message.parentId !== null && !seen.has(message.parentId)) {
      problems.push({
        path: `messages.${index}.parentId`,
        message: firstIndex.has(message.parentId)
          ? 'must refer to a message that comes earlier in the file'
          : 'refers to a message that is not in the file',
      });
    }
    seen.add(message.id);
  });
  return problems.slice(0, MAX_DETAILS);
}

/**
 * The path from the root down to `lastId`, oldest first; empty when `lastId` is not among
 * `messages`. Stops at a parent that is missing or already seen (a damaged tree never loops).
 */
export function pathTo<T extends TreeNode>(messages: readonly T[], lastId: string): T[] {
  const byId = new Map(messages.map((message) => [message.id, message]));
  const path: T[] = [];
  const seen = new Set<string>();
  let current = byId.get(lastId);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.push(current);
    current = current.parentId === null ? undefined : byId.get(current.parentId);
  }
  return path.reverse();
}
