'use client';

import { useTranslations } from 'next-intl';
import { axisTicks, barFractions, niceCeiling } from '../../lib/chart-scale';
import { useLocaleFormat } from '../../i18n/use-locale-format';

interface DayBarChartProps {
  /** Names the chart for assistive technology, e.g. "Cost by day". */
  label: string;
  days: ReadonlyArray<{ day: string; value: number }>;
  format: (value: number) => string;
}

const HEIGHT = 160;

/**
 * Vertical bars, one per day, in plain SVG (no chart library: bundle size matters). Each bar
 * carries its day and value as a tooltip; the axis shows the scale's top and middle.
 */
export function DayBarChart({ label, days, format }: DayBarChartProps) {
  const t = useTranslations('admin.stats');
  const localeFormat = useLocaleFormat();
  const shortDay = localeFormat.utcDay;
  const values = days.map((day) => day.value);
  const top = niceCeiling(Math.max(0, ...values));
  const fractions = barFractions(values, top);
  const ticks = axisTicks(top, 2);
  const width = Math.max(1, days.length) * 10;
  const total = values.reduce((sum, value) => sum + value, 0);
  const first = days[0];
  const last = days.at(-1);
  return (
    <figure className="m-0">
      <div className="flex gap-2">
        <div
          className="flex w-14 shrink-0 flex-col-reverse justify-between text-right text-[11px] text-muted"
          style={{ height: HEIGHT }}
          aria-hidden="true"
        >
          {ticks.map((tick) => (
            <span key={tick} className="leading-none">
              {format(tick)}
            </span>
          ))}
        </div>
        <svg
          role="img"
          aria-label={t('chartLabel', { label, total: format(total), days: days.length })}
          viewBox={`0 0 ${width} ${HEIGHT}`}
          preserveAspectRatio="none"
          className="min-w-0 flex-1 border-b border-l border-border"
          style={{ height: HEIGHT }}
        >
          {ticks.slice(1).map((tick) => (
            <line
              key={tick}
              x1={0}
              x2={width}
              y1={HEIGHT - (tick / top) * HEIGHT}
              y2={HEIGHT - (tick / top) * HEIGHT}
              className="stroke-border"
              strokeWidth={0.5}
              vectorEffect="non-scaling-stroke"
            />
          ))}
          {days.map((day, index) => {
            const barHeight = (fractions[index] ?? 0) * HEIGHT;
            return (
              <rect
                key={day.day}
                x={index * 10 + 1.5}
                width={7}
                y={HEIGHT - barHeight}
                height={barHeight}
                className="fill-fg/70 hover:fill-fg"
              >
                <title>{`${shortDay(day.day)}: ${format(day.value)}`}</title>
              </rect>
            );
          })}
        </svg>
      </div>
      {first && last ? (
        <figcaption className="ml-16 mt-1 flex justify-between text-[11px] text-muted">
          <span>{shortDay(first.day)}</span>
          <span>{shortDay(last.day)}</span>
        </figcaption>
      ) : null}
    </figure>
  );
}

/** Horizontal bars for a ranking (by model, by provider), plain HTML widths. */
export function RankBars({
  rows,
  format,
}: {
  rows: ReadonlyArray<{ key: string; label: string; value: number; detail?: string }>;
  format: (value: number) => string;
}) {
  const fractions = barFractions(
    rows.map((row) => row.value),
    Math.max(0, ...rows.map((row) => row.value)) || 1,
  );
  return (
    <ul className="space-y-2">
      {rows.map((row, index) => (
        <li key={row.key} aria-label={row.label}>
          <div className="mb-0.5 flex items-baseline justify-between gap-3 text-sm">
            <span className="min-w-0 truncate" title={row.label}>
              {row.label}
            </span>
            <span className="shrink-0 tabular-nums">{format(row.value)}</span>
          </div>
          <div className="h-2 overflow-hidden rounded-full bg-surface">
            <div
              className="h-full rounded-full bg-fg/70"
              style={{ width: `${((fractions[index] ?? 0) * 100).toFixed(1)}%` }}
            />
          </div>
          {row.detail ? <p className="mt-0.5 text-xs text-muted">{row.detail}</p> : null}
        </li>
      ))}
    </ul>
  );
}
