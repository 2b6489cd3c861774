/**
 * `Content-Disposition: attachment` for a download named after a chat title. The plain
 * `filename` is reduced to safe ASCII (no quotes, slashes or control characters); `filename*`
 * keeps the title's own characters for clients that read RFC 5987.
 */
export function attachmentDisposition(title: string, extension: string): string {
  const base =
    title
      .normalize('NFKD')
      .replace(/[^\w .-]+/g, '')
      .replace(/[\s.]+/g, ' ')
      .trim()
      .replace(/ /g, '-')
      .slice(0, 80) || 'chat';
  // Sliced by code point: a lone surrogate would make encodeURIComponent throw.
  const unicodeBase =
    Array.from(
      title
        .replace(/[\p{Cc}\p{Cf}/\\:*?"<>|]+/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
      .slice(0, 80)
      .join('') || 'chat';
  const encoded = encodeURIComponent(`${unicodeBase}.${extension}`).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${base}.${extension}"; filename*=UTF-8''${encoded}`;
}
