import { describe, expect, it } from 'vitest';
import { parseTagInput } from './tag-input';

describe('parseTagInput', () => {
  it('splits on commas and drops empty entries; the server normalises the rest', () => {
    expect(parseTagInput('work, Ideas ,, #travel ,')).toEqual(['work', 'Ideas', '#travel']);
    expect(parseTagInput('  ')).toEqual([]);
  });
});
