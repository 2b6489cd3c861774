'use client';

import type { Mermaid } from 'mermaid';
import { useTranslations } from 'next-intl';
import { memo, useEffect, useId, useState } from 'react';
import { CopyButton } from '../ui/copy-button';

type Diagram = { source: string; svg: string } | { source: string; error: string };

let mermaidReady: Promise<Mermaid> | null = null;

/** mermaid (~600 KB) is fetched the first time a finished message has a diagram, never before. */
function loadMermaid() {
  mermaidReady ??= import('mermaid').then(({ default: mermaid }) => {
    // 'strict': no click handlers or scripts in labels, HTML in labels is sanitised.
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    return mermaid;
  });
  return mermaidReady;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').slice(0, 6).join('\n');
}

interface MermaidBlockProps {
  code: string;
  /** The block grows while the answer streams: render only once it is complete. */
  isStreaming: boolean;
}

function MermaidBlockView({ code, isStreaming }: MermaidBlockProps) {
  const t = useTranslations('markdown');
  const id = `mermaid-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const [diagram, setDiagram] = useState<Diagram | null>(null);
  const [showSource, setShowSource] = useState(false);

  useEffect(() => {
    if (isStreaming) return;
    let isCurrent = true;
    void loadMermaid()
      .then(async (mermaid) => {
        // parse first: a failed render() can leave its error graphic in the document.
        await mermaid.parse(code);
        const { svg } = await mermaid.render(id, code);
        if (isCurrent) setDiagram({ source: code, svg });
      })
      .catch((error: unknown) => {
        if (isCurrent) setDiagram({ source: code, error: errorText(error) });
      });
    return () => {
      isCurrent = false;
    };
  }, [code, id, isStreaming]);

  const current = diagram?.source === code ? diagram : null;
  const failed = current && 'error' in current ? current.error : null;
  const svg = current && 'svg' in current ? current.svg : null;
  const sourceShown = showSource || !svg;
  return (
    <div className="mermaid-block my-3 overflow-hidden rounded-lg border border-border bg-code">
      <div className="flex items-center justify-between border-b border-border px-3 py-1 text-xs text-muted">
        <span>{'mermaid'}</span>
        <div className="flex items-center gap-2">
          {svg ? (
            <button type="button" className="hover:text-fg" onClick={() => setShowSource(!showSource)}>
              {showSource ? t('showDiagram') : t('showSource')}
            </button>
          ) : null}
          <CopyButton text={code} label={t('copyCode')} />
        </div>
      </div>
      {failed ? (
        <p role="alert" className="border-b border-border px-3 py-2 text-sm whitespace-pre-wrap text-danger">
          {t('diagramFailed', { error: failed })}
        </p>
      ) : null}
      {sourceShown ? (
        <pre className="overflow-x-auto p-3 text-[13px] leading-relaxed">
          <code className="language-mermaid">{code}</code>
        </pre>
      ) : (
        <div
          role="img"
          aria-label={t('diagram')}
          className="mermaid-diagram flex justify-center overflow-x-auto bg-white p-3"
          // mermaid's own output with securityLevel 'strict', sanitised by its DOMPurify.
          dangerouslySetInnerHTML={{ __html: svg }}
        />
      )}
    </div>
  );
}

export const MermaidBlock = memo(MermaidBlockView);
