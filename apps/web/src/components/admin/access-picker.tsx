'use client';

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
  const names = groups.filter((group) => selected.includes(group.id)).map((group) => group.name);
  const summary = selected.length === 0 ? 'Everyone' : names.join(', ') || `${selected.length} groups`;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-xs text-muted" aria-label={`${label} (now: ${summary})`}>
        Access: <span className="text-fg">{summary}</span>
      </summary>
      <fieldset className="mt-1 flex flex-col gap-1 rounded-md border border-border p-2">
        <legend className="sr-only">{label}</legend>
        {groups.length === 0 ? (
          <p className="text-xs text-muted">No groups yet: create them on the Groups page.</p>
        ) : null}
        <label className="flex items-center gap-2">
          <input type="radio" checked={selected.length === 0} onChange={() => onChange([])} />
          Everyone
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
