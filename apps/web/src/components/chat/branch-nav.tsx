'use client';

import { useTranslations } from 'next-intl';
import { ChevronLeftIcon, ChevronRightIcon } from '../ui/icons';

/** ‹ 2/3 › between the versions of a message (edits or regenerations). */
export function BranchNav({
  index,
  count,
  disabled,
  onMove,
}: {
  index: number;
  count: number;
  disabled: boolean;
  onMove: (offset: number) => void;
}) {
  const t = useTranslations('chat.branches');
  if (count < 2) return null;
  return (
    <nav aria-label={t('versions')} className="flex items-center text-xs text-muted">
      <button
        type="button"
        className="icon-button h-7 min-w-7"
        aria-label={t('previous')}
        disabled={disabled || index === 0}
        onClick={() => onMove(-1)}
      >
        <ChevronLeftIcon width={16} height={16} />
      </button>
      <span aria-live="polite" className="tabular-nums">
        {t('position', { position: index + 1, count })}
      </span>
      <button
        type="button"
        className="icon-button h-7 min-w-7"
        aria-label={t('next')}
        disabled={disabled || index === count - 1}
        onClick={() => onMove(1)}
      >
        <ChevronRightIcon width={16} height={16} />
      </button>
    </nav>
  );
}
