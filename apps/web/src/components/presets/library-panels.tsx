'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useDescribeError } from '../../hooks/use-describe-error';
import { InlineError } from '../ui/inline-error';
import { Panel } from '../ui/page-frame';
import { QueryList } from '../ui/query-list';

/** The texts a library takes from its messages namespace (`presets.presets`, `presets.prompts`). */
type LibraryText = 'new' | 'save' | 'title' | 'loading' | 'empty' | 'saveChanges' | 'edit' | 'delete';

interface LibraryEndpoints<T, Draft> {
  list: () => Promise<T[]>;
  create: (draft: Draft) => Promise<unknown>;
  update: (id: string, draft: Draft) => Promise<unknown>;
  remove: (id: string) => Promise<void>;
}

/** The editor of one item: `initial` when it edits one, nothing when it makes a new one. */
type LibraryForm<T, Draft> = (props: {
  initial?: T;
  submitLabel: string;
  onSubmit: (draft: Draft) => Promise<void>;
  onCancel?: () => void;
}) => ReactNode;

/** Runs an action on an item; its failure is shown in that item's row. */
type ItemAction<T> = (item: T, action: () => Promise<void>) => Promise<void>;

/**
 * A library of the user's things (presets, prompts): a panel to make a new one, then the list,
 * where each item shows its summary and buttons or, while it is edited, its editor (one at a time).
 * Items that are `readOnly` (shared with the user) have no edit or delete.
 */
export function LibraryPanels<T extends { id: string }, Draft>({
  t,
  queryKey,
  endpoints,
  Form,
  itemLabel,
  name,
  details,
  isReadOnly = () => false,
  actions,
}: {
  t: (key: LibraryText) => string;
  queryKey: readonly string[];
  endpoints: LibraryEndpoints<T, Draft>;
  Form: LibraryForm<T, Draft>;
  itemLabel: (item: T) => string;
  name: (item: T) => ReactNode;
  details: (item: T) => ReactNode;
  isReadOnly?: (item: T) => boolean;
  /** Buttons before edit and delete. */
  actions?: (item: T, act: ItemAction<T>) => ReactNode;
}) {
  const describeError = useDescribeError();
  const queryClient = useQueryClient();
  const items = useQuery({ queryKey, queryFn: () => endpoints.list() });
  const [editing, setEditing] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const refresh = () => queryClient.invalidateQueries({ queryKey });

  const act: ItemAction<T> = async (item, action) => {
    setErrors(({ [item.id]: _, ...rest }) => rest);
    try {
      await action();
    } catch (caught) {
      setErrors((current) => ({ ...current, [item.id]: describeError(caught) }));
    }
  };

  return (
    <>
      <Panel title={t('new')}>
        <Form
          submitLabel={t('save')}
          onSubmit={async (draft) => {
            await endpoints.create(draft);
            await refresh();
          }}
        />
      </Panel>
      <Panel title={t('title')}>
        <QueryList query={items} loading={t('loading')} empty={t('empty')}>
          {(list) => (
            <ul className="grid gap-2" aria-label={t('title')}>
              {list.map((item) => (
                <li
                  key={item.id}
                  className="rounded-xl border border-border p-3"
                  aria-label={itemLabel(item)}
                >
                  {editing === item.id ? (
                    <Form
                      initial={item}
                      submitLabel={t('saveChanges')}
                      onSubmit={async (draft) => {
                        await endpoints.update(item.id, draft);
                        setEditing(null);
                        await refresh();
                      }}
                      onCancel={() => setEditing(null)}
                    />
                  ) : (
                    <div className="flex flex-wrap items-center gap-2">
                      <div className="min-w-0 flex-1 basis-40">
                        <p className="truncate text-sm font-medium">{name(item)}</p>
                        <p className="truncate text-xs text-muted">{details(item)}</p>
                      </div>
                      {actions?.(item, act)}
                      {isReadOnly(item) ? null : (
                        <>
                          <button type="button" className="button" onClick={() => setEditing(item.id)}>
                            {t('edit')}
                          </button>
                          <button
                            type="button"
                            className="button"
                            onClick={() =>
                              void act(item, async () => {
                                await endpoints.remove(item.id);
                                await refresh();
                              })
                            }
                          >
                            {t('delete')}
                          </button>
                        </>
                      )}
                      <InlineError message={errors[item.id]} className="w-full" />
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
        </QueryList>
      </Panel>
    </>
  );
}
