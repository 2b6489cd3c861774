/**
 * What an upload really is, decided from its bytes (magic numbers, UTF-8 validity), never from
 * the name or the type the client claimed.
 */
export type SniffedContent =
  | { kind: 'image'; contentType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' }
  | { kind: 'text'; contentType: string }
  | { kind: 'pdf'; contentType: 'application/pdf' }
  | { kind: 'binary' };

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length &&
  signature.every((byte, index) => bytes[offset + index] === byte);
const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

/** Text types chosen from the name's extension once the bytes are known to be text. */
const TEXT_TYPES: Record<string, string> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
};

export function sniffContent(bytes: Uint8Array, fileName: string): SniffedContent {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { kind: 'image', contentType: 'image/png' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'image', contentType: 'image/jpeg' };
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) {
    return { kind: 'image', contentType: 'image/gif' };
  }
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) {
    return { kind: 'image', contentType: 'image/webp' };
  }
  if (startsWith(bytes, ascii('%PDF-'))) return { kind: 'pdf', contentType: 'application/pdf' };
  if (isUtf8Text(bytes)) {
    const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
    return { kind: 'text', contentType: TEXT_TYPES[extension] ?? 'text/plain' };
  }
  return { kind: 'binary' };
}

/** Valid UTF-8 with no NUL byte: plain text, Markdown, CSV, JSON, source code of any language. */
function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
