import { describe, expect, it } from 'vitest';
import { importTreeProblems, pathTo, visibleBranch } from './message-tree';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
const node = (id: string, parentId: string | null, seconds: number) => ({
  id,
  parentId,
  createdAt: at(seconds),
});

describe('visibleBranch', () => {
  it('follows the most recently created child from the newest root', () => {
    const messages = [
      node('u1', null, 0),
      node('a1', 'u1', 1),
      node('a2', 'u1', 5),
      node('u2', 'a2', 6),
      node('u2b', 'a2', 8),
      node('a3', 'u2', 7),
      node('a4', 'u2b', 9),
    ];
    expect(visibleBranch(messages).map((message) => message.id)).toEqual(['u1', 'a2', 'u2b', 'a4']);
    expect(visibleBranch([...messages, node('r2', null, 10)]).map((message) => message.id)).toEqual(['r2']);
    expect(visibleBranch([])).toEqual([]);
  });

  it('breaks creation-time ties by id and survives a cycle', () => {
    expect(visibleBranch([node('m_b', null, 0), node('m_a', null, 0)]).map((message) => message.id)).toEqual([
      'm_b',
    ]);
    const looped = [node('r', null, 0), node('x', 'r', 1), { ...node('r', 'x', 2) }];
    expect(() => visibleBranch(looped)).not.toThrow();
  });
});

describe('pathTo', () => {
  const messages = [node('u1', null, 0), node('a1', 'u1', 1), node('a2', 'u1', 5), node('u2', 'a1', 6)];

  it('walks from the root down to the message, on any branch', () => {
    expect(pathTo(messages, 'u2').map((message) => message.id)).toEqual(['u1', 'a1', 'u2']);
    expect(pathTo(messages, 'a2').map((message) => message.id)).toEqual(['u1', 'a2']);
    expect(pathTo(messages, 'u1').map((message) => message.id)).toEqual(['u1']);
  });

  it('is empty for a message not in the list and stops on a cycle', () => {
    expect(pathTo(messages, 'ghost')).toEqual([]);
    expect(pathTo([node('x', 'y', 0), node('y', 'x', 1)], 'x').map((message) => message.id)).toEqual([
      'y',
      'x',
    ]);
  });
});

describe('importTreeProblems', () => {
  const flat = (pairs: Array<[string, string | null]>) => pairs.map(([id, parentId]) => ({ id, parentId }));

  it('accepts a tree whose parents come first', () => {
    expect(
      importTreeProblems(
        flat([
          ['a', null],
          ['b', 'a'],
          ['c', 'a'],
          ['d', null],
        ]),
      ),
    ).toEqual([]);
  });

  it('names each bad entry', () => {
    expect(
      importTreeProblems(
        flat([
          ['b', 'a'],
          ['a', null],
          ['c', 'zz'],
          ['a', 'c'],
        ]),
      ),
    ).toEqual([
      { path: 'messages.0.parentId', message: 'must refer to a message that comes earlier in the file' },
      { path: 'messages.2.parentId', message: 'refers to a message that is not in the file' },
      { path: 'messages.3.id', message: 'duplicates messages.1.id' },
    ]);
  });
});
