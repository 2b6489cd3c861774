import { describe, expect, it } from 'vitest';
import { boundText } from './bounded-text';

describe('boundText', () => {
  it('keeps text within the limit as it is', () => {
    expect(boundText('hello', 5)).toBe('hello');
  });

  it('cuts longer text and says how much there was', () => {
    expect(boundText('abcdefghij', 4)).toBe('abcd\n… (cut at 4 of 10 characters)');
  });
});
