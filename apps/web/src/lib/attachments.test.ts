import { describe, expect, it } from 'vitest';
import {
  ACCEPT_ATTRIBUTE,
  formatFileSize,
  isImageType,
  MAX_ATTACHMENTS,
  pastedImageName,
  takeWithinLimit,
  uploadErrorText,
} from './attachments';

describe('formatFileSize', () => {
  it('shows bytes, then binary kilo/mega/giga with one decimal below 10', () => {
    expect(formatFileSize(0)).toBe('0 B');
    expect(formatFileSize(512)).toBe('512 B');
    expect(formatFileSize(1024)).toBe('1 KB');
    expect(formatFileSize(1536)).toBe('1.5 KB');
    expect(formatFileSize(150 * 1024)).toBe('150 KB');
    expect(formatFileSize(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatFileSize(3 * 1024 ** 3)).toBe('3 GB');
  });

  it('never shows 1024 of a unit', () => {
    expect(formatFileSize(1024 * 1024 - 1)).toBe('1 MB');
  });

  it('shows nothing for nonsense', () => {
    expect(formatFileSize(-1)).toBe('');
    expect(formatFileSize(Number.NaN)).toBe('');
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
    expect(uploadErrorText(415, 'Only images and UTF-8 text files can be attached')).toBe(
      'Only images and UTF-8 text files can be attached',
    );
  });

  it('says "too large" for a 413 that only gives a byte count', () => {
    expect(uploadErrorText(413, 'Body is larger than 5243904 bytes')).toBe('File too large');
    expect(uploadErrorText(413, '')).toBe('File too large');
  });

  it("shows the server's reason for a 413 that is not about bytes (a PDF with too many pages)", () => {
    expect(uploadErrorText(413, 'This PDF has 612 pages; at most 500 can be read')).toBe(
      'This PDF has 612 pages; at most 500 can be read',
    );
  });

  it("names the server's limit on a 413 when the error carries it", () => {
    expect(uploadErrorText(413, 'The file is larger than the 1048576-byte upload limit', 1_048_576)).toBe(
      'File too large (max 1 MB)',
    );
  });

  it('falls back to a plain reason by status', () => {
    expect(uploadErrorText(415, undefined)).toBe('Unsupported file type');
    expect(uploadErrorText(500, 'Something went wrong.')).toBe('Upload failed');
  });
});

describe('pastedImageName', () => {
  it('names a pasted image after the moment and its type', () => {
    const at = new Date('2026-03-04T05:06:07.890Z');
    expect(pastedImageName('image/png', at)).toBe('pasted-20260304-050607.png');
    expect(pastedImageName('image/jpeg', at)).toBe('pasted-20260304-050607.jpg');
  });
});
