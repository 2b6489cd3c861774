import { MESSAGE_MAX_FILES } from '@vivier/contracts/constants';

/** Files attached to one message: the contract's `fileIds` maximum. */
export const MAX_ATTACHMENTS = MESSAGE_MAX_FILES;

/**
 * A client-side pre-check only, so a person is told at once instead of after uploading 200 MB:
 * the gateway's default `UPLOAD_LIMIT_BYTES` (20 MiB). The server stays the judge; a smaller
 * configured limit shows up as its 413 message on the file's chip.
 */
export const CLIENT_UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/** Image types the providers read (and the server accepts); shown as thumbnails. */
const IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** Extensions of the text files people attach most; the server checks the content is UTF-8. */
const TEXT_EXTENSIONS = [
  '.txt',
  '.md',
  '.markdown',
  '.csv',
  '.tsv',
  '.json',
  '.jsonl',
  '.yaml',
  '.yml',
  '.toml',
  '.xml',
  '.html',
  '.css',
  '.log',
  '.ini',
  '.env',
  '.sql',
  '.sh',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.ts',
  '.tsx',
  '.py',
  '.rb',
  '.go',
  '.rs',
  '.java',
  '.kt',
  '.c',
  '.h',
  '.cpp',
  '.hpp',
  '.cs',
  '.php',
  '.swift',
  '.r',
  '.tex',
];

/** PDFs: the server reads their text at upload (one without a text layer, a scan, is refused). */
const PDF_TYPES = ['application/pdf', '.pdf'];

/** The file picker's `accept`: a hint for the picker, not a check (drops and pastes skip it). */
export const ACCEPT_ATTRIBUTE = [
  ...IMAGE_TYPES,
  'text/*',
  'application/json',
  ...PDF_TYPES,
  ...TEXT_EXTENSIONS,
].join(',');

export function isImageType(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  return IMAGE_TYPES.includes(contentType.split(';')[0]!.trim().toLowerCase());
}

/** The `chat.attachments` messages sizes and upload failures are written with. */
type AttachmentTextKey =
  | `size.${'B' | 'KB' | 'MB' | 'GB'}`
  | `errors.${'tooLarge' | 'tooLargeMax' | 'unsupported' | 'uploadFailed'}`;

/** A `chat.attachments` translator in the reader's language (`useTranslations('chat.attachments')`). */
export type AttachmentText = (key: AttachmentTextKey, values?: Record<string, string | number>) => string;

/**
 * 512 B · 1.5 KB · 20 MB (1,5 Ko in French): binary units (what the limits are set in), one
 * decimal below 10, the number written the reader's way.
 */
export function formatFileSize(bytes: number, text: AttachmentText): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return text('size.B', { value: bytes });
  const units = ['KB', 'MB', 'GB'] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  // 1023.96 KB rounds to 1024 KB: say 1 MB instead.
  if (shown >= 1024 && unit < units.length - 1) return text(`size.${units[unit + 1]!}`, { value: 1 });
  return text(`size.${units[unit]!}`, { value: shown });
}

/** Keeps at most MAX_ATTACHMENTS per message, counting the ones already attached. */
export function takeWithinLimit<T>(
  files: readonly T[],
  alreadyAttached: number,
  max = MAX_ATTACHMENTS,
): { accepted: T[]; overLimit: number } {
  const room = Math.max(0, max - alreadyAttached);
  return { accepted: files.slice(0, room), overLimit: Math.max(0, files.length - room) };
}

/**
 * The short reason on a chip whose upload failed. A 413 over the byte limit names the server's
 * limit (`meta.limitBytes`, which both the gateway and chat-service send); another 413 (a PDF with
 * too many pages, or too slow to read) shows the server's own reason, unless that is only a byte
 * count. Other failures show the API's own message, or a plain reason by status. `message` is
 * null when the server gave none (our plain reason is then in the reader's language).
 */
export function uploadErrorText(
  status: number,
  message: string | null | undefined,
  limitBytes: unknown,
  t: AttachmentText,
): string {
  const own = message?.trim();
  if (status === 413) {
    if (typeof limitBytes === 'number' && limitBytes > 0)
      return t('errors.tooLargeMax', { size: formatFileSize(limitBytes, t) });
    return own && !/\bbytes\b/.test(own) ? own : t('errors.tooLarge');
  }
  return own || t(status === 415 ? 'errors.unsupported' : 'errors.uploadFailed');
}

/** A name for a pasted image (the clipboard's are all called "image.png"). */
export function pastedImageName(type: string, date: Date): string {
  const extension = { 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' }[type] ?? 'png';
  const stamp = date.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `pasted-${stamp}.${extension}`;
}
