import { FILE_NAME_MAX_LENGTH } from '@vivier/contracts';

/**
 * The name to show for an upload: the last path segment of what the client sent (browsers on
 * Windows may send `C:\fakepath\x.png`), without control or format characters, whitespace
 * collapsed, cut to FILE_NAME_MAX_LENGTH code points with the extension kept. Only ever displayed
 * and used in Content-Disposition; storage keys never derive from it.
 */
export function sanitizeFileName(raw: string | undefined): string {
  const lastSegment = (raw ?? '').split(/[/\\]/).at(-1) ?? '';
  const cleaned = lastSegment
    .replace(/[\p{Cc}\p{Cf}]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const characters = Array.from(cleaned.normalize('NFC'));
  if (characters.length === 0) return 'file';
  if (characters.length <= FILE_NAME_MAX_LENGTH) return characters.join('');
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(cleaned.slice(dot)) : [];
  if (extension.length === 0 || extension.length > 16)
    return characters.slice(0, FILE_NAME_MAX_LENGTH).join('');
  const stem = Array.from(cleaned.slice(0, dot)).slice(0, FILE_NAME_MAX_LENGTH - extension.length);
  return [...stem, ...extension].join('');
}
