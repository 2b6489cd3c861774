import { describe, expect, it } from 'vitest';
import { ROOT_KEY, selectPathTo, selectSibling, visiblePath, type TreeMessage } from './message-tree';

let clock = 0;
const at = () => new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)).toISOString();
const node = (id: string, parentId: string | null): TreeMessage => ({ id, parentId, createdAt: at() });

/**
 * u1 ─ a1
 *    └ a1b            (regenerated answer)
 * u1 ─ a1 ─ u2 ─ a2
 * u2' (edit of u2, sibling under a1) ─ a2'
 */
function conversation() {
  clock = 0;
  return [
    node('u1', null),
    node('a1', 'u1'),
    node('u2', 'a1'),
    node('a2', 'u2'),
    node('u2e', 'a1'),
    node('a2e', 'u2e'),
    node('a1b', 'u1'),
  ];
}
const ids = (path: ReturnType<typeof visiblePath>) => path.map((entry) => entry.message.id);

describe('visiblePath', () => {
  it('follows the newest child at each level by default', () => {
    const path = visiblePath(conversation());
    expect(ids(path)).toEqual(['u1', 'a1b']);
    expect(path[1]).toMatchObject({ siblingIds: ['a1', 'a1b'], index: 1 });
  });

  it('follows the selected sibling and the newest below it', () => {
    const path = visiblePath(conversation(), { u1: 'a1' });
    expect(ids(path)).toEqual(['u1', 'a1', 'u2e', 'a2e']);
    expect(path[2]).toMatchObject({ siblingIds: ['u2', 'u2e'], index: 1 });
  });

  it('ignores a selection that names no child of that parent', () => {
    expect(ids(visiblePath(conversation(), { u1: 'a2' }))).toEqual(['u1', 'a1b']);
  });

  it('handles several roots (an edited first message) and an empty chat', () => {
    clock = 0;
    const messages = [node('u1', null), node('a1', 'u1'), node('u1e', null), node('a1e', 'u1e')];
    expect(ids(visiblePath(messages))).toEqual(['u1e', 'a1e']);
    expect(ids(visiblePath(messages, { [ROOT_KEY]: 'u1' }))).toEqual(['u1', 'a1']);
    expect(visiblePath([])).toEqual([]);
  });

  it('orders siblings by creation time whatever the input order', () => {
    const shuffled = conversation().reverse();
    expect(visiblePath(shuffled)[1]!.siblingIds).toEqual(['a1', 'a1b']);
  });
});

describe('selectSibling', () => {
  it('moves left and right and stops at either end', () => {
    const messages = conversation();
    const path = visiblePath(messages, { u1: 'a1' });
    const left = selectSibling({ u1: 'a1' }, path[2]!, -1);
    expect(ids(visiblePath(messages, left))).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(selectSibling(left, visiblePath(messages, left)[2]!, -1)).toBe(left);
    const right = selectSibling(left, visiblePath(messages, left)[2]!, 1);
    expect(ids(visiblePath(messages, right))).toEqual(['u1', 'a1', 'u2e', 'a2e']);
  });
});

describe('selectPathTo', () => {
  it('selects every ancestor of a message so it becomes visible', () => {
    const messages = conversation();
    const selection = selectPathTo(messages, {}, 'a2');
    expect(ids(visiblePath(messages, selection))).toEqual(['u1', 'a1', 'u2', 'a2']);
  });
});
