import { describe, expect, it } from 'vitest';
import { cleanTitle } from './title-chat';

describe('cleanTitle', () => {
  it('keeps the first line, drops quotes, labels and trailing punctuation, and caps at 6 words', () => {
    expect(cleanTitle('"Planning a Trip to Lisbon."')).toBe('Planning a Trip to Lisbon');
    expect(cleanTitle('Title: **Rust borrow checker basics**\nMore text')).toBe('Rust borrow checker basics');
    expect(cleanTitle('\n\n  Golden river stone window garden quiet bright signal.')).toBe(
      'Golden river stone window garden quiet',
    );
  });

  it('gives nothing for an empty reply', () => {
    expect(cleanTitle('')).toBeUndefined();
    expect(cleanTitle(' \n "" ')).toBeUndefined();
  });
});
