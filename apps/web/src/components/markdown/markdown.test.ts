import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { renderIn } from '../../i18n/test-support';
import { Markdown } from './markdown';

const render = (content: string, isStreaming = false) =>
  renderIn('en', createElement(Markdown, { content, isStreaming }));

describe('Markdown', () => {
  it('renders GFM: tables, task lists, strikethrough and fenced code with a copy button', async () => {
    const html = await render(
      '| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~\n\n```ts\nconst x = 1;\n```',
    );
    expect(html).toContain('<table>');
    expect(html).toContain('type="checkbox"');
    expect(html).toContain('<del>old</del>');
    expect(html).toContain('const x = 1;');
    expect(html).toContain('aria-label="Copy code"');
    expect(html).toContain('language-ts');
  });

  it('shows raw HTML as text: no img, script or event handler reaches the DOM', async () => {
    const html = await render(
      'Hi <img src=x onerror=alert(1)> and <script>alert(2)</script>\n\n<div onclick="alert(3)">block</div>',
    );
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<div onclick/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;');
  });

  it('drops javascript: and data: links but keeps their text, and keeps safe links', async () => {
    const html = await render(
      '[click](javascript:alert(1)) [data](data:text/html,<script>alert(1)</script>) [ok](https://example.com) <javascript:alert(1)>',
    );
    expect(html).not.toMatch(/href="javascript/i);
    expect(html).not.toMatch(/href="data:/i);
    expect(html).toContain('<span class="unsafe-link">click</span>');
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it('turns images into links instead of loading them', async () => {
    const html = await render('![a cat](https://example.com/cat.png) ![x](javascript:alert(1))');
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('href="https://example.com/cat.png"');
    expect(html).toContain('[Image: a cat]');
    expect(html).not.toMatch(/href="javascript/i);
  });

  it('speaks the reader’s language around the model’s text', async () => {
    const html = await renderIn(
      'fr',
      createElement(Markdown, { content: '![un chat](https://example.com/cat.png)\n\n```js\nx\n```' }),
    );
    expect(html).toContain('[Image : un chat]');
    expect(html).toContain('aria-label="Copier le code"');
  });
});
