const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The only URLs model output may link to: http(s), mailto, and relative links / fragments.
 * `javascript:`, `data:`, `vbscript:`, `file:` and anything else give null (rendered as plain
 * text). Control characters and whitespace are stripped first, as browsers do when they parse a
 * scheme ("java\tscript:" is `javascript:` to a browser).
 */
export function safeUrl(url: string): string | null {
  // eslint-disable-next-line no-control-regex
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (compact === '') return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  if (!scheme) {
    // Relative: only paths, queries and fragments; "//host" would be another origin.
    return compact.startsWith('//') || compact.startsWith('\\') ? null : url.trim();
  }
  return ALLOWED_PROTOCOLS.has(scheme[0].toLowerCase()) ? url.trim() : null;
}

/** react-markdown's `urlTransform`: an unsafe URL becomes an empty string, which we render as text. */
export function markdownUrlTransform(url: string): string {
  return safeUrl(url) ?? '';
}
