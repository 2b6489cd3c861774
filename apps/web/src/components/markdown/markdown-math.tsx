'use client';

import 'katex/dist/katex.min.css';
import rehypeKatex from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { normalizeMath } from '../../lib/math-delimiters';
import { createMarkdown } from './markdown';

/**
 * The renderer for messages with math, in its own chunk with KaTeX and its CSS (~80 KB gzip):
 * loaded only once a message has math (lazy-markdown.tsx). Half-typed math while streaming shows
 * as red source text instead of throwing (throwOnError: false).
 */
export const { Markdown, MarkdownBlock } = createMarkdown(
  [remarkGfm, remarkMath],
  [[rehypeKatex, { throwOnError: false, strict: 'ignore' }]],
  normalizeMath,
);
