import { describe, expect, it } from 'vitest';
import { ChatTags, normaliseTag, TAGS_MAX_PER_CHAT } from './organise';

describe('normaliseTag', () => {
  it.each([
    [' Work ', 'work'],
    ['#Work', 'work'],
    ['##deep   Dive', 'deep dive'],
    ['Ärger', 'ärger'],
    ['日本語', '日本語'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseTag(input)).toBe(expected);
  });
});

describe('ChatTags', () => {
  it('normalises and drops duplicates, keeping the first place of each', () => {
    expect(ChatTags.parse(['Work', 'ideas', '#work', ' IDEAS '])).toEqual(['work', 'ideas']);
  });

  it('refuses blank tags, too long ones and more than the limit (counted after de-duplicating)', () => {
    expect(ChatTags.safeParse(['#  ']).success).toBe(false);
    expect(ChatTags.safeParse(['x'.repeat(51)]).success).toBe(false);
    const many = Array.from({ length: TAGS_MAX_PER_CHAT + 1 }, (_, index) => `t${index}`);
    expect(ChatTags.safeParse(many).success).toBe(false);
    expect(ChatTags.parse([...many.slice(1), 'T1', 't2']).length).toBe(TAGS_MAX_PER_CHAT);
  });
});
