'use client';

/** A place a chat or folder can go: a folder's id, or null for none (the top level). */
interface Destination {
  folderId: string | null;
  label: string;
}

/** The choices of a "Move to…" dialog, one button each; where it is now is marked current. */
export function DestinationList({
  label,
  destinations,
  currentId,
  onChoose,
}: {
  label: string;
  destinations: Destination[];
  currentId: string | null | undefined;
  onChoose: (folderId: string | null) => void;
}) {
  return (
    <ul aria-label={label} className="max-h-80 space-y-0.5 overflow-y-auto">
      {destinations.map(({ folderId, label: name }) => (
        <li key={folderId ?? 'none'}>
          <button
            type="button"
            aria-current={currentId === folderId ? 'true' : undefined}
            className="w-full rounded-md px-3 py-2 text-left text-sm hover:bg-surface aria-[current]:font-semibold"
            onClick={() => onChoose(folderId)}
          >
            {name}
          </button>
        </li>
      ))}
    </ul>
  );
}
