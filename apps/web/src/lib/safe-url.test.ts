import { describe, expect, it } from 'vitest';
import { safeUrl } from './safe-url';

describe('safeUrl', () => {
  it('keeps http, https, mailto and relative links', () => {
    for (const url of [
      'https://example.com/a?b=c#d',
      'http://example.com',
      'mailto:someone@example.com',
      '/chat/x',
      '#section',
      '?q=1',
      'docs/page',
    ]) {
      expect(safeUrl(url), url).toBe(url);
    }
  });

  it('drops script-bearing and other schemes, however they are spelled', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0001javascript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '//evil.example/x',
      '',
    ]) {
      expect(safeUrl(url), JSON.stringify(url)).toBeNull();
    }
  });
});
