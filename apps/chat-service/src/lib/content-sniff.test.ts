import { describe, expect, it } from 'vitest';
import { sniffContent } from './content-sniff';

const bytes = (...values: Array<number | string>) =>
  Buffer.concat(
    values.map((value) => (typeof value === 'string' ? Buffer.from(value, 'latin1') : Buffer.from([value]))),
  );

describe('sniffContent', () => {
  it.each([
    ['png', bytes(0x89, 'PNG\r\n\x1a\n', 0, 0, 0, 13), 'image/png'],
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'JFIF'), 'image/jpeg'],
    ['gif87a', bytes('GIF87a', 1, 0, 1, 0), 'image/gif'],
    ['gif89a', bytes('GIF89a', 1, 0, 1, 0), 'image/gif'],
    ['webp', bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 '), 'image/webp'],
  ])('recognises %s by its magic bytes whatever the name', (_kind, content, type) => {
    expect(sniffContent(content, 'notes.txt')).toEqual({ kind: 'image', contentType: type });
  });

  it('takes a RIFF file that is not WebP (a WAV) for binary', () => {
    expect(sniffContent(bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt ', 0x10, 0, 0, 0), 'a.webp')).toEqual({
      kind: 'binary',
    });
  });

  it('names text by its extension only once the bytes are UTF-8', () => {
    expect(sniffContent(Buffer.from('# Title'), 'README.md')).toEqual({
      kind: 'text',
      contentType: 'text/markdown',
    });
    expect(sniffContent(Buffer.from('a,b\n1,2'), 'table.CSV')).toEqual({
      kind: 'text',
      contentType: 'text/csv',
    });
    expect(sniffContent(Buffer.from('{}'), 'x.json')).toEqual({
      kind: 'text',
      contentType: 'application/json',
    });
    expect(sniffContent(Buffer.from('print("日本")'), 'x.py')).toEqual({
      kind: 'text',
      contentType: 'text/plain',
    });
    expect(sniffContent(Buffer.from('plain'), 'x.exe')).toEqual({ kind: 'text', contentType: 'text/plain' });
  });

  it('refuses NUL bytes and invalid UTF-8 as binary, and sees a PDF as a PDF', () => {
    expect(sniffContent(bytes('MZ', 0x90, 0), 'setup.txt')).toEqual({ kind: 'binary' });
    expect(sniffContent(bytes('caf', 0xe9), 'x.txt')).toEqual({ kind: 'binary' });
    expect(sniffContent(bytes('%PDF-1.4\n'), 'x.txt')).toEqual({
      kind: 'pdf',
      contentType: 'application/pdf',
    });
  });
});
