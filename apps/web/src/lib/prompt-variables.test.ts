import { describe, expect, it } from 'vitest';
import { fillPromptVariables, filterPrompts, parsePromptVariables, slashQueryOf } from './prompt-variables';

describe('parsePromptVariables', () => {
  it('finds distinct names in order of first use, with spaces inside braces ignored', () => {
    expect(parsePromptVariables('Translate {{text}} into {{ language }}, then {{text}} again')).toEqual([
      'text',
      'language',
    ]);
  });

  it('accepts inner spaces, non-Latin letters, digits, dashes and underscores', () => {
    expect(parsePromptVariables('{{target language}} {{名前}} {{v2_x-y}}')).toEqual([
      'target language',
      '名前',
      'v2_x-y',
    ]);
  });

  it('leaves what is not a placeholder alone', () => {
    expect(parsePromptVariables('{{}} {{ }} {text} {{a.b}} {{{x}}')).toEqual(['x']);
    expect(parsePromptVariables('no variables')).toEqual([]);
  });
});

describe('fillPromptVariables', () => {
  it('replaces every occurrence, keeping values exactly as typed', () => {
    expect(fillPromptVariables('{{a}} and {{ a }} then {{b}}', { a: ' 1 ', b: '$&' })).toBe(
      ' 1  and  1  then $&',
    );
  });

  it('keeps placeholders that have no value', () => {
    expect(fillPromptVariables('Hi {{name}}', {})).toBe('Hi {{name}}');
  });
});

describe('slashQueryOf', () => {
  it('is the word after a leading slash, lowercased', () => {
    expect(slashQueryOf('/')).toBe('');
    expect(slashQueryOf('/Tra')).toBe('tra');
  });

  it('is null once the draft is more than a /command', () => {
    expect(slashQueryOf('/translate this')).toBeNull();
    expect(slashQueryOf('say /hi')).toBeNull();
    expect(slashQueryOf('')).toBeNull();
    expect(slashQueryOf('/a/b')).toBeNull();
  });
});

describe('filterPrompts', () => {
  const prompts = [
    { command: 'summary', title: 'Summarise' },
    { command: 'translate', title: 'Translate text' },
    { command: 'fix', title: 'Fix my translation' },
  ];

  it('puts command prefix matches first, then command or title matches', () => {
    expect(filterPrompts(prompts, 'sum').map((p) => p.command)).toEqual(['summary']);
    expect(filterPrompts(prompts, 'transl').map((p) => p.command)).toEqual(['translate', 'fix']);
    expect(filterPrompts(prompts, '').map((p) => p.command)).toEqual(['summary', 'translate', 'fix']);
  });
});
