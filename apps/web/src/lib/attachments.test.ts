import { describe, expect, it } from 'vitest';
import type { Locale } from '../i18n/locales';
import { translatorIn } from '../i18n/test-support';
import {
  ACCEPT_ATTRIBUTE,
  formatFileSize,
  isImageType,
  MAX_ATTACHMENTS,
  pastedImageName,
  takeWithinLimit,
  uploadErrorText,
} from './attachments';

/** The `chat.attachments` messages a reader of `locale` sees, from the real catalog. */
const textIn = async (locale: Locale) => translatorIn(locale, 'chat.attachments');
const en = await textIn('en');

describe('formatFileSize', () => {
  it('shows bytes, then binary kilo/mega/giga with one decimal below 10', () => {
    expect(formatFileSize(0, en)).toBe('0 B');
    expect(formatFileSize(512, en)).toBe('512 B');
    expect(formatFileSize(1024, en)).toBe('1 KB');
    expect(formatFileSize(1536, en)).toBe('1.5 KB');
    expect(formatFileSize(150 * 1024, en)).toBe('150 KB');
    expect(formatFileSize(20 * 1024 * 1024, en)).toBe('20 MB');
    expect(formatFileSize(3 * 1024 ** 3, en)).toBe('3 GB');
  });

  it('writes the number and unit the reader’s way', async () => {
    expect(formatFileSize(1536, await textIn('fr'))).toBe('1,5 Ko');
    expect(formatFileSize(1536, await textIn('de'))).toBe('1,5 KB');
  });

  it('never shows 1024 of a unit', () => {
    expect(formatFileSize(1024 * 1024 - 1, en)).toBe('1 MB');
  });

  it('shows nothing for nonsense', () => {
    expect(formatFileSize(-1, en)).toBe('');
    expect(formatFileSize(Number.NaN, en)).toBe('');
  });
});

describe('isImageType', () => {
  it('knows the four image types providers read, parameters and case aside', () => {
    for (const type of [
      'image/png',
      'image/jpeg',
      'image/gif',
      'image/webp',
      'IMAGE/PNG',
      'image/png; charset=binary',
    ]) {
      expect(isImageType(type)).toBe(true);
    }
  });

  it('treats everything else as a plain file', () => {
    for (const type of [
      'image/svg+xml',
      'image/tiff',
      'text/plain',
      'application/pdf',
      'application/zip',
      '',
      null,
      undefined,
    ]) {
      expect(isImageType(type)).toBe(false);
    }
  });
});

describe('ACCEPT_ATTRIBUTE', () => {
  it('offers images and text files in the picker', () => {
    const accepted = ACCEPT_ATTRIBUTE.split(',');
    expect(accepted).toEqual(
      expect.arrayContaining(['image/png', 'image/jpeg', 'text/*', '.md', '.py', '.csv']),
    );
    expect(accepted).not.toContain('application/zip');
  });

  it('offers PDFs in the picker', () => {
    expect(ACCEPT_ATTRIBUTE.split(',')).toEqual(expect.arrayContaining(['application/pdf', '.pdf']));
  });
});

describe('takeWithinLimit', () => {
  it('keeps the first files up to the maximum per message', () => {
    const files = Array.from({ length: 4 }, (_, index) => `f${index}`);
    expect(takeWithinLimit(files, 0)).toEqual({ accepted: files, overLimit: 0 });
    expect(takeWithinLimit(files, MAX_ATTACHMENTS - 2)).toEqual({ accepted: ['f0', 'f1'], overLimit: 2 });
    expect(takeWithinLimit(files, MAX_ATTACHMENTS)).toEqual({ accepted: [], overLimit: 4 });
  });
});

describe('uploadErrorText', () => {
  it("shows the API's message when it has one", () => {
    expect(uploadErrorText(415, 'Only images and UTF-8 text files can be attached', undefined, en)).toBe(
      'Only images and UTF-8 text files can be attached',
    );
  });

  it('says "too large" for a 413 that only gives a byte count', () => {
    expect(uploadErrorText(413, 'Body is larger than 5243904 bytes', undefined, en)).toBe('File too large');
    expect(uploadErrorText(413, '', undefined, en)).toBe('File too large');
  });

  it("shows the server's reason for a 413 that is not about bytes (a PDF with too many pages)", () => {
    expect(uploadErrorText(413, 'This PDF has 612 pages; at most 500 can be read', undefined, en)).toBe(
      'This PDF has 612 pages; at most 500 can be read',
    );
  });

  it("names the server's limit on a 413 when the error carries it", () => {
    expect(uploadErrorText(413, 'The file is larger than the 1048576-byte upload limit', 1_048_576, en)).toBe(
      'File too large (max 1 MB)',
    );
  });

  it('falls back to a plain reason by status', () => {
    expect(uploadErrorText(415, undefined, undefined, en)).toBe('Unsupported file type');
    expect(uploadErrorText(500, null, undefined, en)).toBe('Upload failed');
  });

  it('says our own reasons and sizes in the reader’s language', async () => {
    const fr = await textIn('fr');
    expect(uploadErrorText(413, null, 1_572_864, fr)).toBe('Fichier trop volumineux (max. 1,5 Mo)');
    expect(uploadErrorText(500, null, undefined, await textIn('de'))).toBe('Hochladen fehlgeschlagen');
    // The server's own words stay as it sent them.
    expect(uploadErrorText(415, 'Only images and UTF-8 text files can be attached', undefined, fr)).toBe(
      'Only images and UTF-8 text files can be attached',
    );
  });
});

describe('pastedImageName', () => {
  it('names a pasted image after the moment and its type', () => {
    const at = new Date('2026-03-04T05:06:07.890Z');
    expect(pastedImageName('image/png', at)).toBe('pasted-20260304-050607.png');
    expect(pastedImageName('image/jpeg', at)).toBe('pasted-20260304-050607.jpg');
  });
});
