import type { UsageMeter as Meter } from '@vivier/contracts';
import { percentOf } from '../../lib/chart-scale';
import { useLocaleFormat } from '../../i18n/use-locale-format';
import { formatUsdMicros } from '../../lib/format';

/** Spend this period against the plan's allowance, as a labelled bar. */
export function UsageMeter({ usage }: { usage: Meter }) {
  const localeFormat = useLocaleFormat();
  const percent = percentOf(usage.usedMicros, usage.limitMicros);
  const isOver = usage.usedMicros >= usage.limitMicros;
  const tone = isOver ? 'bg-danger' : percent >= 80 ? 'bg-warn-fg' : 'bg-fg/70';
  return (
    <div>
      <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span>
          <strong className="text-lg tabular-nums">{formatUsdMicros(usage.usedMicros)}</strong>
          <span className="text-muted"> used of {formatUsdMicros(usage.limitMicros)}</span>
        </span>
        <span className="tabular-nums text-muted">{percent}%</span>
      </div>
      <div
        role="meter"
        aria-label="Usage this period"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${formatUsdMicros(usage.usedMicros)} of ${formatUsdMicros(usage.limitMicros)} (${percent}%)`}
        className="h-3 overflow-hidden rounded-full bg-surface"
      >
        <div className={`h-full rounded-full ${tone}`} style={{ width: `${percent}%` }} />
      </div>
      <p className={`mt-1 text-xs ${isOver ? 'text-danger' : 'text-muted'}`}>
        {isOver ? 'Your allowance is used up: new answers are paused until it resets. ' : ''}
        Resets on {localeFormat.longDate(usage.resetsAt)}.
      </p>
    </div>
  );
}
