export type DateGroupLabel = 'Today' | 'Yesterday' | 'Last 7 days' | 'Last 30 days' | 'Older';

export interface DateGroup<T> {
  label: DateGroupLabel;
  items: T[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

function startOfLocalDay(time: Date): number {
  return new Date(time.getFullYear(), time.getMonth(), time.getDate()).getTime();
}

export function dateGroupOf(updatedAt: Date, now: Date): DateGroupLabel {
  const today = startOfLocalDay(now);
  const time = updatedAt.getTime();
  if (time >= today) return 'Today';
  if (time >= today - DAY_MS) return 'Yesterday';
  if (time >= today - 6 * DAY_MS) return 'Last 7 days';
  if (time >= today - 29 * DAY_MS) return 'Last 30 days';
  return 'Older';
}

/**
 * Groups chats (already newest first) by the local day of their last activity, keeping the
 * order; empty groups are left out.
 */
export function groupChatsByDate<T extends { updatedAt: string }>(
  chats: readonly T[],
  now: Date,
): DateGroup<T>[] {
  const groups: DateGroup<T>[] = [];
  for (const chat of chats) {
    const label = dateGroupOf(new Date(chat.updatedAt), now);
    const last = groups.at(-1);
    if (last?.label === label) last.items.push(chat);
    else {
      const existing = groups.find((group) => group.label === label);
      if (existing) existing.items.push(chat);
      else groups.push({ label, items: [chat] });
    }
  }
  return groups;
}
