'use client';

import type { CitationEntry } from '@vivier/contracts';
import { useTranslations } from 'next-intl';
import { useState } from 'react';

/**
 * The numbered sources under an answer ([1], [2] … as the answer cites them). Each opens its
 * passage in place: the file name and the excerpt the model was given.
 */
export function CitationList({ citations }: { citations: readonly CitationEntry[] }) {
  const t = useTranslations('chat.sources');
  const [open, setOpen] = useState<number | null>(null);
  if (citations.length === 0) return null;
  const shown = citations.find((citation) => citation.index === open);
  return (
    <section aria-label={t('list')} className="mt-2 text-sm">
      <ol className="flex flex-wrap gap-1.5">
        {citations.map(({ index, source }) => (
          <li key={index}>
            <button
              type="button"
              className="rounded-full border border-border px-2.5 py-0.5 text-xs text-muted hover:text-fg"
              aria-expanded={open === index}
              aria-controls={`source-${index}`}
              onClick={() => setOpen(open === index ? null : index)}
            >
              {t('entry', { index, title: source.title })}
            </button>
          </li>
        ))}
      </ol>
      {shown ? (
        <div
          id={`source-${shown.index}`}
          role="region"
          aria-label={t('one', { index: shown.index })}
          className="mt-2 rounded-xl border border-border bg-surface p-3"
        >
          <p className="mb-1 text-xs font-medium">
            {t('entry', { index: shown.index, title: shown.source.title })}
          </p>
          <blockquote className="whitespace-pre-wrap text-[13px] text-muted">
            {shown.source.excerpt}
          </blockquote>
          {shown.source.url ? (
            <a
              href={shown.source.url}
              target="_blank"
              rel="noreferrer noopener"
              className="mt-1 block text-xs underline"
            >
              {shown.source.url}
            </a>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
