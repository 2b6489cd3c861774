import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { renderIn } from '../../i18n/test-support';
import { Markdown } from './markdown-math';

const render = (content: string, isStreaming = false) =>
  renderIn('en', createElement(Markdown, { content, isStreaming }));

describe('Markdown with math', () => {
  it('renders $…$, $$…$$, \\(…\\) and \\[…\\] with KaTeX', async () => {
    for (const source of ['$x^2$', '$$\nE=mc^2\n$$', 'see \\(a+b\\)', '\\[\n\\frac{1}{2}\n\\]']) {
      expect(await render(source)).toContain('class="katex"');
    }
    expect(await render('$$\nE=mc^2\n$$')).toContain('katex-display');
    expect(await render('Energy:\n\n$$E=mc^2$$')).toContain('katex-display');
  });

  it('keeps prices as text', async () => {
    const html = await render('It costs $5 and $10.');
    expect(html).not.toContain('katex');
    expect(html).toContain('It costs $5 and $10.');
  });

  it('leaves math in code alone', async () => {
    const html = await render('`$x$` and\n\n```\n\\(y\\)\n```');
    expect(html).not.toContain('class="katex"');
    expect(html).toContain('\\(y\\)');
  });

  it('does not throw on half-typed or invalid math', async () => {
    await expect(render('$$\n\\frac{1}{', true)).resolves.toBeTypeOf('string');
    expect(await render('$\\frac{1}{$')).toContain('katex-error');
  });

  it('keeps a mermaid block as source until it is drawn in the browser', async () => {
    const html = await render('```mermaid\ngraph TD; A-->B\n```');
    expect(html).toContain('mermaid-block');
    expect(html).toContain('graph TD; A--&gt;B');
  });
});
