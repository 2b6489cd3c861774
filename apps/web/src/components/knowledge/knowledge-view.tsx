'use client';

import { useTranslations } from 'next-intl';
import type { KnowledgeBase } from '@vivier/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useActionError } from '../../hooks/use-action-error';
import { knowledgeApi, knowledgeQueryKey } from '../../lib/knowledge-api';
import { InlineError } from '../ui/inline-error';
import { PageFrame, Panel } from '../ui/page-frame';
import { QueryList } from '../ui/query-list';
import { SingleFieldForm } from '../ui/single-field-form';
import { KnowledgeBasePanel } from './knowledge-base-panel';

/** Knowledge bases: named collections of documents that chats can answer from, with sources. */
export function KnowledgeView() {
  const t = useTranslations('knowledge');
  const queryClient = useQueryClient();
  const bases = useQuery({ queryKey: knowledgeQueryKey, queryFn: () => knowledgeApi.list() });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const { error, run } = useActionError();
  const refresh = () => queryClient.invalidateQueries({ queryKey: knowledgeQueryKey });
  const selected = bases.data?.find((base) => base.id === selectedId) ?? bases.data?.[0];

  const create = () =>
    run(async () => {
      const created = await knowledgeApi.create(name);
      setName('');
      setSelectedId(created.id);
      await refresh();
    });

  return (
    <PageFrame title={t('title')}>
      <div className="grid gap-4 md:grid-cols-[16rem_1fr]">
        <Panel title={t('bases')}>
          <SingleFieldForm
            id="knowledge-name"
            label={t('newNameLabel')}
            placeholder={t('newPlaceholder')}
            value={name}
            maxLength={100}
            onChange={setName}
            submitLabel={t('create')}
            submitClassName="button-primary"
            onSubmit={create}
          />
          <InlineError message={error} className="mb-2" />
          <QueryList query={bases} loading={t('loading')} empty={t('empty')}>
            {(items) => (
              <ul className="grid gap-1" aria-label={t('bases')}>
                {items.map((base: KnowledgeBase) => (
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
          </QueryList>
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
