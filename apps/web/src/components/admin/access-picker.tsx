'use client';

import { useTranslations } from 'next-intl';

/** A group as the access pickers list it. */
export interface GroupOption {
  id: string;
  name: string;
}

/**
 * Who may use a provider or a model: everyone (no group ticked) or the members of the ticked
 * groups. A disclosure, so a long list of models stays compact.
 */
export function AccessPicker({
  label,
  groups,
  selected,
  onChange,
}: {
  label: string;
  groups: GroupOption[];
  selected: string[];
  onChange: (groupIds: string[]) => void;
}) {
  const t = useTranslations('admin.access');
  const names = groups.filter((group) => selected.includes(group.id)).map((group) => group.name);
  const summary =
    selected.length === 0 ? t('everyone') : names.join(', ') || t('groupCount', { count: selected.length });
  return (
    <details className="text-sm">
      <summary
        className="cursor-pointer text-xs text-muted"
        aria-label={t('summaryLabel', { label, summary })}
      >
        {t.rich('summary', { summary, value: (chunks) => <span className="text-fg">{chunks}</span> })}
      </summary>
      <fieldset className="mt-1 flex flex-col gap-1 rounded-md border border-border p-2">
        <legend className="sr-only">{label}</legend>
        {groups.length === 0 ? <p className="text-xs text-muted">{t('noGroups')}</p> : null}
        <label className="flex items-center gap-2">
          <input type="radio" checked={selected.length === 0} onChange={() => onChange([])} />
          {t('everyone')}
        </label>
        {groups.map((group) => (
          <label key={group.id} className="flex items-center gap-2">
            <input
              type="checkbox"
              aria-label={`${label}: ${group.name}`}
              checked={selected.includes(group.id)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? [...selected, group.id]
                    : selected.filter((groupId) => groupId !== group.id),
                )
              }
            />
            {group.name}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
