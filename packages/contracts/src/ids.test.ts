import { describe, expect, it } from 'vitest';
import { isId, newId } from './ids';

describe('newId', () => {
  it('mints well-formed ids that never repeat, across refills of its random pool', () => {
    // 2,000 ids draw 22,000 random bytes: the 4 KiB pool is refilled several times.
    const ids = Array.from({ length: 2_000 }, () => newId('request'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(isId('request', id)).toBe(true);
  });

  it('spreads the random part over the whole alphabet', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 500; index += 1) for (const char of newId('chat').slice(13)) seen.add(char);
    expect(seen.size).toBe(36);
  });
});
