'use client';

import { useTranslations } from 'next-intl';
import type { KnowledgeSearchHit } from '@vivier/contracts';
import { useState, type FormEvent } from 'react';
import { useDescribeError } from '../../hooks/use-describe-error';
import { knowledgeApi } from '../../lib/knowledge-api';
import { Panel } from '../ui/page-frame';

/** Tries retrieval the way a chat would: the passages a question finds, best first. */
export function KnowledgeSearch({ baseId }: { baseId: string }) {
  const describeError = useDescribeError();
  const t = useTranslations('knowledge.search');
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<KnowledgeSearchHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setHits(await knowledgeApi.search(baseId, query));
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  return (
    <Panel title={t('title')}>
      <form onSubmit={(event) => void search(event)} className="mb-3 flex gap-2">
        <label htmlFor="knowledge-query" className="sr-only">
          {t('question')}
        </label>
        <input
          id="knowledge-query"
          className="input"
          placeholder={t('placeholder')}
          value={query}
          maxLength={2_000}
          onChange={(event) => setQuery(event.target.value)}
        />
        <button type="submit" className="button" disabled={query.trim() === ''}>
          {t('search')}
        </button>
      </form>
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
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
