'use client';

import { useTranslations } from 'next-intl';
import type { KnowledgeBase, KnowledgeFile } from '@vivier/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api } from '../../lib/api';
import { useActionError } from '../../hooks/use-action-error';
import { knowledgeApi, knowledgeFilesQueryKey } from '../../lib/knowledge-api';
import { InlineError } from '../ui/inline-error';
import { Panel } from '../ui/page-frame';
import { QueryList } from '../ui/query-list';
import { KnowledgeSearch } from './knowledge-search';

/** While a file is queued or indexing, its progress is polled this often. */
const PROGRESS_POLL_MS = 1_000;
const ACCEPTED =
  '.txt,.md,.markdown,.html,.htm,.pdf,.docx,text/plain,text/markdown,text/html,application/pdf';

function statusText(t: ReturnType<typeof useTranslations<'knowledge.base'>>, file: KnowledgeFile): string {
  if (file.status === 'indexing') {
    return file.chunks > 0
      ? t('status.indexingProgress', { done: file.indexedChunks, total: file.chunks })
      : t('status.indexing');
  }
  if (file.status === 'ready') return t('status.ready', { count: file.chunks });
  if (file.status === 'failed') return t('status.failed', { error: file.error ?? t('status.unknownError') });
  // Between attempts the reason of the last failure is kept, with the attempt that comes next.
  return file.error ? t('status.queuedWithReason', { error: file.error }) : t('status.queued');
}

/** One base: its files with their indexing status, uploads into it, a search to test retrieval. */
export function KnowledgeBasePanel({
  base,
  onChanged,
  onDeleted,
}: {
  base: KnowledgeBase;
  onChanged: () => Promise<void>;
  onDeleted: () => Promise<void>;
}) {
  const t = useTranslations('knowledge.base');
  const queryClient = useQueryClient();
  const files = useQuery({
    queryKey: knowledgeFilesQueryKey(base.id),
    queryFn: () => knowledgeApi.files(base.id),
    refetchInterval: (query) =>
      query.state.data?.some((file) => file.status === 'queued' || file.status === 'indexing')
        ? PROGRESS_POLL_MS
        : false,
  });
  const input = useRef<HTMLInputElement>(null);
  const { error, run } = useActionError();
  const [isUploading, setUploading] = useState(false);
  /** Files whose retry is on its way: a second click would queue the file twice. */
  const [retrying, setRetrying] = useState<ReadonlySet<string>>(new Set());
  const refreshFiles = () => queryClient.invalidateQueries({ queryKey: knowledgeFilesQueryKey(base.id) });

  const uploadAll = (list: FileList | null) =>
    run(async () => {
      setUploading(true);
      try {
        for (const file of Array.from(list ?? [])) {
          const stored = await api.files.upload(file, file.name);
          await knowledgeApi.addFile(base.id, stored.id);
          await refreshFiles();
        }
        await onChanged();
      } finally {
        setUploading(false);
        if (input.current) input.current.value = '';
      }
    });

  const [draftName, setDraftName] = useState<string | null>(null);
  const [isConfirmingDelete, setConfirmingDelete] = useState(false);

  const rename = (name: string) =>
    run(async () => {
      await knowledgeApi.rename(base.id, name);
      setDraftName(null);
      await onChanged();
    });

  const remove = () =>
    run(async () => {
      await knowledgeApi.remove(base.id);
      await onDeleted();
    });

  return (
    <div className="grid gap-4">
      <Panel
        title={base.name}
        actions={
          base.owned ? (
            <>
              {draftName === null ? (
                <button type="button" className="button" onClick={() => setDraftName(base.name)}>
                  {t('rename')}
                </button>
              ) : (
                <form
                  className="flex gap-1"
                  onSubmit={(event) => {
                    event.preventDefault();
                    if (draftName.trim()) void rename(draftName);
                  }}
                >
                  <label htmlFor="knowledge-rename" className="sr-only">
                    {t('newName')}
                  </label>
                  <input
                    id="knowledge-rename"
                    className="input"
                    value={draftName}
                    maxLength={100}
                    onChange={(event) => setDraftName(event.target.value)}
                  />
                  <button type="submit" className="button">
                    {t('save')}
                  </button>
                </form>
              )}
              {isConfirmingDelete ? (
                <button type="button" className="button text-danger" onClick={() => void remove()}>
                  {t('confirmDelete')}
                </button>
              ) : (
                <button type="button" className="button" onClick={() => setConfirmingDelete(true)}>
                  {t('delete')}
                </button>
              )}
            </>
          ) : (
            <span className="text-xs text-muted">{t('sharedReadOnly')}</span>
          )
        }
      >
        {base.owned ? (
          <div className="mb-3">
            <label htmlFor="knowledge-upload" className="label">
              {t('addDocuments')}
            </label>
            <input
              id="knowledge-upload"
              ref={input}
              type="file"
              multiple
              accept={ACCEPTED}
              disabled={isUploading}
              onChange={(event) => void uploadAll(event.target.files)}
            />
          </div>
        ) : null}
        <InlineError message={error} className="mb-2" />
        <QueryList query={files} loading={t('loadingFiles')} empty={t('noDocuments')}>
          {(items) => (
            <ul className="grid gap-1.5" aria-label={t('documents')}>
              {items.map((file) => (
                <li key={file.fileId} aria-label={file.name} className="flex items-center gap-2 text-sm">
                  <span className="min-w-0 flex-1 truncate">{file.name}</span>
                  <span
                    className={`text-xs ${file.status === 'failed' ? 'text-danger' : 'text-muted'}`}
                    data-status={file.status}
                  >
                    {statusText(t, file)}
                  </span>
                  {file.status === 'indexing' && file.chunks > 0 ? (
                    <progress
                      className="w-20"
                      max={file.chunks}
                      value={file.indexedChunks}
                      aria-label={t('progress', { name: file.name })}
                    />
                  ) : null}
                  {base.owned && file.status === 'failed' ? (
                    <button
                      type="button"
                      className="button"
                      aria-label={t('retryLabel', { name: file.name })}
                      disabled={retrying.has(file.fileId)}
                      onClick={() =>
                        void run(async () => {
                          setRetrying((current) => new Set(current).add(file.fileId));
                          try {
                            await knowledgeApi.retryFile(base.id, file.fileId);
                            await refreshFiles();
                          } finally {
                            setRetrying((current) => {
                              const next = new Set(current);
                              next.delete(file.fileId);
                              return next;
                            });
                          }
                        })
                      }
                    >
                      {t('retry')}
                    </button>
                  ) : null}
                  {base.owned ? (
                    <button
                      type="button"
                      className="button"
                      aria-label={t('removeLabel', { name: file.name })}
                      onClick={() =>
                        void run(async () => {
                          await knowledgeApi.removeFile(base.id, file.fileId);
                          await refreshFiles();
                          await onChanged();
                        })
                      }
                    >
                      {t('remove')}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </QueryList>
      </Panel>
      <KnowledgeSearch baseId={base.id} />
    </div>
  );
}
