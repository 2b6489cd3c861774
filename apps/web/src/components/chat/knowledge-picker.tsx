'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { knowledgeApi, knowledgeQueryKey } from '../../lib/knowledge-api';

/** Checkboxes for the knowledge bases a chat answers from (its own and those shared with the user). */
export function KnowledgePicker({ value, onChange }: { value: string[]; onChange: (ids: string[]) => void }) {
  const t = useTranslations('chat.knowledge');
  const bases = useQuery({ queryKey: knowledgeQueryKey, queryFn: () => knowledgeApi.list() });
  const toggle = (id: string, on: boolean) =>
    onChange(on ? [...value, id] : value.filter((other) => other !== id));
  return (
    <fieldset className="mb-4">
      <legend className="label">{t('legend')}</legend>
      {!bases.data ? (
        <p className="text-xs text-muted">{bases.isError ? t('notLoaded') : t('loading')}</p>
      ) : bases.data.length === 0 ? (
        <p className="text-xs text-muted">
          {t.rich('none', { link: (chunks) => <Link href="/knowledge">{chunks}</Link> })}
        </p>
      ) : (
        <div className="grid gap-1">
          {bases.data.map((base) => (
            <label key={base.id} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={value.includes(base.id)}
                onChange={(event) => toggle(base.id, event.target.checked)}
              />
              {base.name}
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
