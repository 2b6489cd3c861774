'use client';

import { useTranslations } from 'next-intl';
import type { KnowledgeSearchHit } from '@vivier/contracts';
import { useState } from 'react';
import { useActionError } from '../../hooks/use-action-error';
import { knowledgeApi } from '../../lib/knowledge-api';
import { InlineError } from '../ui/inline-error';
import { Panel } from '../ui/page-frame';
import { SingleFieldForm } from '../ui/single-field-form';

/** Tries retrieval the way a chat would: the passages a question finds, best first. */
export function KnowledgeSearch({ baseId }: { baseId: string }) {
  const t = useTranslations('knowledge.search');
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<KnowledgeSearchHit[] | null>(null);
  const { error, run } = useActionError();

  const search = () => run(async () => setHits(await knowledgeApi.search(baseId, query)));

  return (
    <Panel title={t('title')}>
      <SingleFieldForm
        id="knowledge-query"
        label={t('question')}
        placeholder={t('placeholder')}
        value={query}
        maxLength={2_000}
        onChange={setQuery}
        submitLabel={t('search')}
        onSubmit={search}
      />
      <InlineError message={error} />
      {hits === null ? null : hits.length === 0 ? (
        <p className="text-sm text-muted">{t('noMatch')}</p>
      ) : (
        <ol className="grid gap-2" aria-label={t('results')}>
          {hits.map((hit, index) => (
            <li key={`${hit.fileId}-${index}`} className="rounded-xl border border-border p-3 text-sm">
              <p className="mb-1 text-xs text-muted">
                {hit.name}
                {hit.heading ? ` — ${hit.heading}` : ''}
              </p>
              <p className="whitespace-pre-wrap">{hit.excerpt}</p>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
