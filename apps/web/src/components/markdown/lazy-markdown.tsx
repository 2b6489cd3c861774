'use client';

import { lazy, Suspense } from 'react';
import { hasMath } from '../../lib/has-math';

/**
 * The Markdown renderer (react-markdown, remark-gfm, micromark: ~55 KB gzip) is loaded in its own
 * chunk, outside the chat page's first load. It is never needed before messages arrive, which
 * takes a session refresh and a fetch; `preloadMarkdown()` starts the download as the chat shell
 * mounts so it is there by then. Until it is, a message shows as plain text. Text with math uses
 * a second chunk that adds KaTeX, fetched only when such a message shows up.
 */
const loadMarkdown = () => import('./markdown');
const loadMathMarkdown = () => import('./markdown-math');
const LazyMarkdown = lazy(() => loadMarkdown().then((module) => ({ default: module.Markdown })));
const LazyMarkdownBlock = lazy(() => loadMarkdown().then((module) => ({ default: module.MarkdownBlock })));
const LazyMathMarkdown = lazy(() => loadMathMarkdown().then((module) => ({ default: module.Markdown })));
const LazyMathMarkdownBlock = lazy(() =>
  loadMathMarkdown().then((module) => ({ default: module.MarkdownBlock })),
);

export function preloadMarkdown() {
  void loadMarkdown();
}

interface MarkdownProps {
  content: string;
  isStreaming?: boolean;
}

function PlainText({ content }: { content: string }) {
  return <p className="whitespace-pre-wrap">{content}</p>;
}

export function Markdown(props: MarkdownProps) {
  const Renderer = hasMath(props.content) ? LazyMathMarkdown : LazyMarkdown;
  return (
    <Suspense
      fallback={
        <div className="markdown">
          <PlainText content={props.content} />
        </div>
      }
    >
      <Renderer {...props} />
    </Suspense>
  );
}

export function MarkdownBlock(props: MarkdownProps) {
  const Renderer = hasMath(props.content) ? LazyMathMarkdownBlock : LazyMarkdownBlock;
  return (
    <Suspense fallback={<PlainText content={props.content} />}>
      <Renderer {...props} />
    </Suspense>
  );
}
