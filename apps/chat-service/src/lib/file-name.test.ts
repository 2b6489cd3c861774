import { describe, expect, it } from 'vitest';
import { sanitizeFileName } from './file-name';

describe('sanitizeFileName', () => {
  it.each([
    ['photo.png', 'photo.png'],
    ['C:\\fakepath\\report final.md', 'report final.md'],
    ['../../etc/passwd', 'passwd'],
    ['a\u0000b\u202Ec.txt', 'abc.txt'],
    ['  spaced \t  out  .txt ', 'spaced out .txt'],
    ['.env', 'env'],
    ['', 'file'],
    [undefined, 'file'],
    ['dir/', 'file'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected);
  });

  it('cuts long names to 255 characters, keeping the extension', () => {
    expect(sanitizeFileName(`${'x'.repeat(300)}.json`)).toBe(`${'x'.repeat(250)}.json`);
    expect(Array.from(sanitizeFileName('😀'.repeat(300)))).toHaveLength(255);
  });
});
