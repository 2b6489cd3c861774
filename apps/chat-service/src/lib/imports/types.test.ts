import { MESSAGE_MAX_LENGTH } from '@vivier/contracts';
import { describe, expect, it } from 'vitest';
import { cleanContent, cleanTitle, flattenTree, fromEpoch, ImportFileError } from './types';

describe('import helpers', () => {
  it('reads epoch seconds, milliseconds and nanoseconds alike', () => {
    const at = new Date('2025-06-01T12:00:00.250Z');
    expect(fromEpoch(at.getTime() / 1000)).toEqual(at);
    expect(fromEpoch(at.getTime())).toEqual(at);
    expect(fromEpoch(at.getTime() * 1e6)).toEqual(at);
  });

  it('drops NUL characters and cuts overlong messages and titles, saying so', () => {
    expect(cleanContent('a\u0000b')).toBe('ab');
    const cut = cleanContent('x'.repeat(MESSAGE_MAX_LENGTH + 10));
    expect(cut).toHaveLength(MESSAGE_MAX_LENGTH);
    expect(cut.endsWith('[truncated on import]')).toBe(true);
    expect(cleanTitle('  ')).toBe('Imported chat');
    expect(cleanTitle('t'.repeat(300))).toHaveLength(200);
  });

  it('refuses a parent cycle with the place', () => {
    const nodes = new Map([
      ['a', { parent: 'b' }],
      ['b', { parent: 'a' }],
    ]);
    const keep = () => ({
      id: '',
      parentId: null,
      role: 'user' as const,
      content: 'x',
      model: null,
      createdAt: new Date(0),
    });
    expect(() => flattenTree(nodes, (node) => node.parent, keep, 'mapping')).toThrow(ImportFileError);
  });
});
