'use client';

import { useTranslations } from 'next-intl';
import type { KnowledgeBase } from '@vivier/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useDescribeError } from '../../hooks/use-describe-error';
import { knowledgeApi, knowledgeQueryKey } from '../../lib/knowledge-api';
import { LoadError, PageFrame, Panel } from '../ui/page-frame';
import { KnowledgeBasePanel } from './knowledge-base-panel';

/** Knowledge bases: named collections of documents that chats can answer from, with sources. */
export function KnowledgeView() {
  const describeError = useDescribeError();
  const t = useTranslations('knowledge');
  const queryClient = useQueryClient();
  const bases = useQuery({ queryKey: knowledgeQueryKey, queryFn: () => knowledgeApi.list() });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: knowledgeQueryKey });
  const selected = bases.data?.find((base) => base.id === selectedId) ?? bases.data?.[0];

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const created = await knowledgeApi.create(name);
      setName('');
      setSelectedId(created.id);
      await refresh();
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  return (
    <PageFrame title={t('title')}>
      <div className="grid gap-4 md:grid-cols-[16rem_1fr]">
        <Panel title={t('bases')}>
          <form onSubmit={(event) => void create(event)} className="mb-3 flex gap-2">
            <label htmlFor="knowledge-name" className="sr-only">
              {t('newNameLabel')}
            </label>
            <input
              id="knowledge-name"
              className="input"
              placeholder={t('newPlaceholder')}
              value={name}
              maxLength={100}
              onChange={(event) => setName(event.target.value)}
            />
            <button type="submit" className="button-primary" disabled={name.trim() === ''}>
              {t('create')}
            </button>
          </form>
          {error ? (
            <p role="alert" className="mb-2 text-sm text-danger">
              {error}
            </p>
          ) : null}
          {bases.isError ? (
            <LoadError message={describeError(bases.error)} onRetry={() => void bases.refetch()} />
          ) : !bases.data ? (
            <p className="text-sm text-muted">{t('loading')}</p>
          ) : bases.data.length === 0 ? (
            <p className="text-sm text-muted">{t('empty')}</p>
          ) : (
            <ul className="grid gap-1" aria-label={t('bases')}>
              {bases.data.map((base: KnowledgeBase) => (
                <li key={base.id}>
                  <button
                    type="button"
                    className={`menu-item w-full text-left ${base.id === selected?.id ? 'font-semibold' : ''}`}
                    aria-current={base.id === selected?.id ? 'true' : undefined}
                    onClick={() => setSelectedId(base.id)}
                  >
                    <span className="flex-1 truncate">{base.name}</span>
                    <span className="text-xs text-muted">
                      {t('fileCount', { count: base.fileCount })}
                      {base.owned ? '' : ` · ${t('shared')}`}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Panel>
        {selected ? (
          <KnowledgeBasePanel
            key={selected.id}
            base={selected}
            onChanged={refresh}
            onDeleted={async () => {
              setSelectedId(null);
              await refresh();
            }}
          />
        ) : null}
      </div>
    </PageFrame>
  );
}
