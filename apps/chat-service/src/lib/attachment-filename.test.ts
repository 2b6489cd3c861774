import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './attachment-filename';

describe('attachmentDisposition', () => {
  it('keeps a plain ASCII name and an RFC 5987 name with the title’s own characters', () => {
    expect(attachmentDisposition('Trip to Lyon', 'md')).toBe(
      `attachment; filename="Trip-to-Lyon.md"; filename*=UTF-8''Trip%20to%20Lyon.md`,
    );
    expect(attachmentDisposition('Café ☕', 'json')).toBe(
      `attachment; filename="Cafe.json"; filename*=UTF-8''Caf%C3%A9%20%E2%98%95.json`,
    );
  });

  it('cannot be broken out of: quotes, slashes, CR/LF and semicolons are dropped', () => {
    const header = attachmentDisposition('a"; filename="evil.exe\r\nX-Header: 1/../..\\b', 'md');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.match(/"/g)).toHaveLength(2);
    expect(header).toMatch(/^attachment; filename="[\w.-]+\.md"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
  });

  it('falls back to "chat" and never splits a surrogate pair', () => {
    expect(attachmentDisposition('///', 'md')).toBe(
      `attachment; filename="chat.md"; filename*=UTF-8''chat.md`,
    );
    expect(() => attachmentDisposition(`${'x'.repeat(79)}😀😀`, 'md')).not.toThrow();
  });
});
