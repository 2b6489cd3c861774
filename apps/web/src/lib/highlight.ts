import { createLowlight } from 'lowlight';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import type { Root } from 'hast';

/**
 * Syntax highlighting, loaded on demand (a dynamic import from the code block) so it is not part
 * of the chat page's first load. Common languages only; anything else stays plain text. The
 * output is a tree of spans with class names, never HTML strings.
 */
const lowlight = createLowlight({
  bash,
  c,
  cpp,
  csharp,
  css,
  diff,
  go,
  java,
  javascript,
  json,
  kotlin,
  markdown,
  php,
  python,
  ruby,
  rust,
  sql,
  swift,
  typescript,
  xml,
  yaml,
});
lowlight.registerAlias({
  bash: ['sh', 'shell', 'zsh', 'console'],
  javascript: ['js', 'jsx', 'mjs', 'cjs'],
  typescript: ['ts', 'tsx', 'mts'],
  python: ['py'],
  xml: ['html', 'svg', 'xhtml'],
  yaml: ['yml'],
  markdown: ['md'],
  csharp: ['cs', 'c#'],
  cpp: ['c++', 'hpp', 'cc'],
  rust: ['rs'],
  ruby: ['rb'],
  kotlin: ['kt'],
});

/** MAX keeps a huge paste from freezing the tab in the highlighter. */
const MAX_HIGHLIGHT_CHARS = 50_000;

export function highlightCode(code: string, language: string | null): Root | null {
  if (code.length > MAX_HIGHLIGHT_CHARS) return null;
  if (language && lowlight.registered(language)) return lowlight.highlight(language, code);
  return null;
}
