import { describe, expect, it } from 'vitest';
import { hasMath } from './has-math';
import { normalizeMath } from './math-delimiters';

describe('normalizeMath', () => {
  it('turns \\(…\\) into $…$ and \\[…\\] into $$…$$', () => {
    expect(normalizeMath('Energy \\(E=mc^2\\) here')).toBe('Energy $E=mc^2$ here');
    expect(normalizeMath('\\[\na^2+b^2=c^2\n\\]')).toBe('$$\na^2+b^2=c^2\n$$');
    expect(normalizeMath('\\[x+1\\]')).toBe('$$\nx+1\n$$');
    expect(normalizeMath('A \\[x+1\\] inline')).toBe('A $$x+1$$ inline');
  });

  it('makes $$…$$ alone on a line a display block', () => {
    expect(normalizeMath('Energy:\n\n$$E=mc^2$$\n')).toBe('Energy:\n\n$$\nE=mc^2\n$$\n');
  });

  it('leaves fenced code and inline code untouched', () => {
    const fenced = '```latex\n\\(x\\) and \\[y\\] cost $5 and $10\n```';
    expect(normalizeMath(fenced)).toBe(fenced);
    expect(normalizeMath('run `echo \\(x\\) $HOME $PATH` then \\(y\\)')).toBe(
      'run `echo \\(x\\) $HOME $PATH` then $y$',
    );
  });

  it('keeps prices as text: a lone $ is escaped, a real $…$ pair is kept', () => {
    expect(normalizeMath('It costs $5 and $10.')).toBe('It costs \\$5 and \\$10.');
    expect(normalizeMath('Between $5 - $10')).toBe('Between \\$5 - \\$10');
    expect(normalizeMath('Let $x$ be $2y$.')).toBe('Let $x$ be $2y$.');
    expect(normalizeMath('Pay \\$5 now')).toBe('Pay \\$5 now');
  });

  it('does not escape dollars inside a $$ display block', () => {
    expect(normalizeMath('$$\nf(x) = $a\n$$')).toBe('$$\nf(x) = $a\n$$');
  });

  it('survives half-typed math while streaming', () => {
    expect(normalizeMath('The formula \\(E=mc')).toBe('The formula \\(E=mc');
    expect(normalizeMath('$$\nE=')).toBe('$$\nE=');
  });
});

describe('hasMath', () => {
  it('is true for any delimiter and false for prices', () => {
    expect(hasMath('$$E=mc^2$$')).toBe(true);
    expect(hasMath('Let $x$ be')).toBe(true);
    expect(hasMath('see \\(x\\)')).toBe(true);
    expect(hasMath('It costs $5 and $10.')).toBe(false);
    expect(hasMath('Between $5 - $10 a month')).toBe(false);
    expect(hasMath('plain text')).toBe(false);
  });
});
