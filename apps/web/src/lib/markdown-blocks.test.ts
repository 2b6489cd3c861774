import { describe, expect, it } from 'vitest';
import { splitStableBlocks } from './markdown-blocks';

describe('splitStableBlocks', () => {
  it('closes paragraphs at blank lines and keeps the one being written as the tail', () => {
    expect(splitStableBlocks('First para.\n\nSecond para.\n\nThird is gro')).toEqual({
      blocks: ['First para.\n\n', 'Second para.\n\n'],
      tail: 'Third is gro',
    });
  });

  it('never splits inside fenced code, even at blank lines', () => {
    const text = 'Intro\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter';
    const { blocks, tail } = splitStableBlocks(text);
    expect(blocks).toEqual(['Intro\n\n', '```js\nconst a = 1;\n\nconst b = 2;\n```\n\n']);
    expect(tail).toBe('After');
  });

  it('keeps an unfinished fence in the tail', () => {
    expect(splitStableBlocks('Intro\n\n```py\nx = 1\n\ny = 2').tail).toBe('```py\nx = 1\n\ny = 2');
  });

  it('keeps indented continuations of a list item with the list', () => {
    const text = '1. one\n\n   more about one\n\n2. two\n\nEnd';
    expect(splitStableBlocks(text).blocks).toEqual(['1. one\n\n   more about one\n\n', '2. two\n\n']);
  });

  it('waits for the first character after a blank line before closing the block', () => {
    expect(splitStableBlocks('Para\n\n')).toEqual({ blocks: [], tail: 'Para\n\n' });
    expect(splitStableBlocks('Para\n\n ')).toEqual({ blocks: [], tail: 'Para\n\n ' });
  });

  it('is stable as text grows: blocks of a prefix stay blocks of the whole', () => {
    const full =
      'A para.\n\n- list\n- more\n\n```\ncode\n\nmore code\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nLast words here.';
    let previous: string[] = [];
    for (let end = 0; end <= full.length; end++) {
      const { blocks, tail } = splitStableBlocks(full.slice(0, end));
      expect(blocks.join('') + tail).toBe(full.slice(0, end));
      expect(blocks.slice(0, previous.length)).toEqual(previous);
      previous = blocks;
    }
  });
});
