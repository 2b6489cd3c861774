import { attachmentDisposition } from './attachment-filename';

/**
 * Content-Disposition for a stored file: `inline` for images (an <img> or a new tab may show
 * them), `attachment` for everything else so a browser never renders uploaded text as a page.
 * A name without a usable extension gets `fallbackExtension`. The name goes through the same ASCII and RFC 5987 encoding as chat exports.
 */
export function fileDisposition(
  fileName: string,
  { inline, fallbackExtension }: { inline: boolean; fallbackExtension: string },
): string {
  const dot = fileName.lastIndexOf('.');
  const rawExtension = dot > 0 ? fileName.slice(dot + 1) : '';
  const hasSafeExtension = /^[A-Za-z0-9]{1,16}$/.test(rawExtension);
  const stem = hasSafeExtension ? fileName.slice(0, dot) : fileName;
  const extension = hasSafeExtension ? rawExtension : fallbackExtension;
  const disposition = attachmentDisposition(stem, extension);
  return inline ? disposition.replace(/^attachment/, 'inline') : disposition;
}
