'use client';

import type { Element, ElementContent } from 'hast';
import { useTranslations } from 'next-intl';
import { memo, type ReactNode } from 'react';
import ReactMarkdown, { type Components, type Options } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { markdownUrlTransform } from '../../lib/safe-url';
import { CodeBlock } from './code-block';
import { MermaidBlock } from './mermaid-block';

function textOf(nodes: readonly ElementContent[]): string {
  let text = '';
  for (const node of nodes) {
    if (node.type === 'text') text += node.value;
    else if (node.type === 'element') text += textOf(node.children);
  }
  return text;
}

function languageOf(code: Element | undefined): string | null {
  const classNames = code?.properties.className;
  const list = Array.isArray(classNames) ? classNames : [];
  const match = list.map(String).find((name) => name.startsWith('language-'));
  return match ? match.slice('language-'.length).toLowerCase() : null;
}

/** Remote images would load from anywhere the model names (tracking): a link to them instead. */
function ImageLink({ src, alt }: { src: unknown; alt: string | undefined }) {
  const t = useTranslations('markdown');
  const label = alt ? t('imageWithAlt', { alt }) : t('image');
  if (typeof src !== 'string' || !src) return <span>{label}</span>;
  return (
    <a href={src} target="_blank" rel="noopener noreferrer nofollow">
      {label}
    </a>
  );
}

function componentsFor(isStreaming: boolean): Components {
  return {
    pre({ node }) {
      const code = node?.children.find(
        (child): child is Element => child.type === 'element' && child.tagName === 'code',
      );
      const text = textOf(code?.children ?? []).replace(/\n$/, '');
      const language = languageOf(code);
      if (language === 'mermaid') return <MermaidBlock code={text} isStreaming={isStreaming} />;
      return <CodeBlock code={text} language={language} isStreaming={isStreaming} />;
    },
    // An unsafe URL arrives here as '' (urlTransform): show the text, not a link.
    a({ href, children }) {
      if (!href) return <span className="unsafe-link">{children}</span>;
      return (
        <a href={href} target="_blank" rel="noopener noreferrer nofollow">
          {children}
        </a>
      );
    },
    img({ src, alt }) {
      return <ImageLink src={src} alt={alt} />;
    },
    table({ children }) {
      return (
        <div className="overflow-x-auto">
          <table>{children}</table>
        </div>
      );
    },
  };
}

const finishedComponents = componentsFor(false);
const streamingComponents = componentsFor(true);

interface MarkdownProps {
  content: string;
  isStreaming?: boolean;
}

type RemarkPlugins = NonNullable<Options['remarkPlugins']>;
type RehypePlugins = NonNullable<Options['rehypePlugins']>;

/**
 * The two renderers for one plugin set. Raw HTML is never rendered: react-markdown turns it into
 * text, there is no rehype-raw, and links pass `markdownUrlTransform` (http, https, mailto,
 * relative). `prepare` rewrites the text first (math delimiters, see markdown-math.tsx).
 */
export function createMarkdown(
  remarkPlugins: RemarkPlugins,
  rehypePlugins: RehypePlugins = [],
  prepare: (content: string) => string = (content) => content,
) {
  /** Model output as Markdown (GFM), without the wrapper: streaming answers render several. Memoised on its text. */
  function MarkdownBlockView({ content, isStreaming = false }: MarkdownProps): ReactNode {
    return (
      <ReactMarkdown
        remarkPlugins={remarkPlugins}
        rehypePlugins={rehypePlugins}
        urlTransform={markdownUrlTransform}
        components={isStreaming ? streamingComponents : finishedComponents}
      >
        {prepare(content)}
      </ReactMarkdown>
    );
  }
  const MarkdownBlock = memo(MarkdownBlockView);

  /** A finished message: one parse, memoised, so it renders once. */
  function MarkdownView({ content, isStreaming = false }: MarkdownProps): ReactNode {
    return (
      <div className="markdown">
        <MarkdownBlock content={content} isStreaming={isStreaming} />
      </div>
    );
  }
  return { Markdown: memo(MarkdownView), MarkdownBlock };
}

export const { Markdown, MarkdownBlock } = createMarkdown([remarkGfm]);
