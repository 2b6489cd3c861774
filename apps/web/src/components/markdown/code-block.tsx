'use client';

import type { Root } from 'hast';
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import { useTranslations } from 'next-intl';
import { memo, useEffect, useState, type ReactNode } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import { CopyButton } from '../ui/copy-button';

interface CodeBlockProps {
  code: string;
  language: string | null;
  /** While the answer streams the block grows every token: highlight only once it is final. */
  isStreaming: boolean;
}

function CodeBlockView({ code, language, isStreaming }: CodeBlockProps) {
  const t = useTranslations('markdown');
  const [highlighted, setHighlighted] = useState<{ code: string; tree: Root } | null>(null);

  useEffect(() => {
    if (isStreaming || !language) return;
    let isCurrent = true;
    void import('../../lib/highlight').then(({ highlightCode }) => {
      const tree = highlightCode(code, language);
      if (isCurrent && tree) setHighlighted({ code, tree });
    });
    return () => {
      isCurrent = false;
    };
  }, [code, language, isStreaming]);

  // hast-util-to-jsx-runtime types its result as the global `JSX.Element`, which React 19's types
  // no longer declare; it is a React element.
  const body: ReactNode =
    highlighted && highlighted.code === code
      ? (toJsxRuntime(highlighted.tree, { Fragment, jsx, jsxs }) as ReactNode)
      : code;
  return (
    <div className="code-block group my-3 overflow-hidden rounded-lg border border-border bg-code">
      <div className="flex items-center justify-between border-b border-border px-3 py-1 text-xs text-muted">
        <span>{language ?? 'text'}</span>
        <CopyButton text={code} label={t('copyCode')} />
      </div>
      <pre className="overflow-x-auto p-3 text-[13px] leading-relaxed">
        <code className={language ? `hljs language-${language}` : 'hljs'}>{body}</code>
      </pre>
    </div>
  );
}

export const CodeBlock = memo(CodeBlockView);
