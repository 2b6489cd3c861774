'use client';

import { useQuery } from '@tanstack/react-query';
import { foldersQueryKey, organiseApi, tagsQueryKey } from '../../lib/organise-api';
import { useTranslations } from 'next-intl';

export interface ListFilter {
  /** A folder's id, `none` (in no folder) or '' (any). */
  folderId: string;
  /** A tag, or '' (any). */
  tag: string;
}

export const NO_FILTER: ListFilter = { folderId: '', tag: '' };

/** Narrow the chat list, or a search, to one folder and/or one tag. */
export function SidebarFilters({
  filter,
  onChange,
}: {
  filter: ListFilter;
  onChange: (filter: ListFilter) => void;
}) {
  const t = useTranslations('sidebar');
  const folders = useQuery({ queryKey: foldersQueryKey, queryFn: organiseApi.folders.list });
  const tags = useQuery({ queryKey: tagsQueryKey, queryFn: organiseApi.tags.list });
  const all = folders.data ?? [];
  const nameOf = (id: string | null) => all.find((folder) => folder.id === id)?.name ?? '…';
  return (
    <div className="mt-2 flex gap-2">
      <select
        aria-label={t('filter.byFolder')}
        value={filter.folderId}
        onChange={(event) => onChange({ ...filter, folderId: event.target.value })}
        className="input min-w-0 flex-1 px-2 py-1 text-xs"
      >
        <option value="">{t('filter.allFolders')}</option>
        <option value="none">{t('filter.noFolder')}</option>
        {all.map((folder) => (
          <option key={folder.id} value={folder.id}>
            {folder.parentId ? `${nameOf(folder.parentId)} / ${folder.name}` : folder.name}
          </option>
        ))}
      </select>
      <select
        aria-label={t('filter.byTag')}
        value={filter.tag}
        onChange={(event) => onChange({ ...filter, tag: event.target.value })}
        className="input min-w-0 flex-1 px-2 py-1 text-xs"
      >
        <option value="">{t('filter.allTags')}</option>
        {(tags.data ?? []).map((tag) => (
          <option key={tag.name} value={tag.name}>
            {`#${tag.name} (${tag.chatCount})`}
          </option>
        ))}
      </select>
    </div>
  );
}
