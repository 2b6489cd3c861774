import { describe, expect, it } from 'vitest';
import { fileDisposition } from './file-disposition';

describe('fileDisposition', () => {
  it('is inline for images and attachment otherwise', () => {
    expect(fileDisposition('cat.png', { inline: true, fallbackExtension: 'img' })).toBe(
      `inline; filename="cat.png"; filename*=UTF-8''cat.png`,
    );
    expect(fileDisposition('notes.md', { inline: false, fallbackExtension: 'txt' })).toBe(
      `attachment; filename="notes.md"; filename*=UTF-8''notes.md`,
    );
  });

  it('never lets quotes or line breaks through, and keeps unicode in filename*', () => {
    const header = fileDisposition('évé"\r\nX-Evil: 1.txt', { inline: false, fallbackExtension: 'txt' });
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toMatch(/^attachment; filename="[^"]*\.txt"; filename\*=UTF-8''/);
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toContain('évé');
  });

  it('gives a name without a usable extension the fallback one', () => {
    expect(fileDisposition('Makefile', { inline: false, fallbackExtension: 'txt' })).toBe(
      `attachment; filename="Makefile.txt"; filename*=UTF-8''Makefile.txt`,
    );
  });
});
