import { describe, expect, it } from 'vitest';
import { htmlTitle, htmlToText } from './html-text';

describe('htmlToText', () => {
  it('keeps visible text and drops scripts, styles and comments', () => {
    const html =
      '<html><head><title>T</title><style>p{color:red}</style></head><body><!-- hidden --><script>alert(1)</script>' +
      '<h1>Heading</h1><p>One &amp; two&nbsp;&#33; &#x41;</p><ul><li>item</li></ul></body></html>';
    expect(htmlToText(html)).toBe('Heading\nOne & two ! A\nitem');
  });
});

describe('htmlTitle', () => {
  it('reads the title, or null without one', () => {
    expect(htmlTitle('<title> Lanterns &amp; rivers </title>')).toBe('Lanterns & rivers');
    expect(htmlTitle('<p>none</p>')).toBeNull();
  });
});
