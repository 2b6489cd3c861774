'use client';

import type { Stats, StatsDay } from '@vivier/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { adminApi } from '../../lib/admin-api';
import { lastDays, rangeProblem, type DayRange } from '../../lib/date-range';
import { describeError } from '../../lib/error-message';
import { type LocaleFormat, useLocaleFormat } from '../../i18n/use-locale-format';
import { formatUsdMicros } from '../../lib/format';
import { LoadError, Panel } from '../ui/page-frame';
import { DayBarChart, RankBars } from './bar-chart';

// Mirrors of STATS_DEFAULT_DAYS / STATS_MAX_RANGE_DAYS in contracts (a value import would pull zod into this page).
const STATS_DEFAULT_DAYS = 30;
const STATS_MAX_RANGE_DAYS = 366;

type Metric = 'tokens' | 'cost' | 'messages';
const metrics: Record<
  Metric,
  {
    label: string;
    value: (day: StatsDay) => number;
    format: (value: number, localeFormat: LocaleFormat) => string;
  }
> = {
  tokens: {
    label: 'Tokens',
    value: (day) => day.inputTokens + day.outputTokens,
    format: (value, localeFormat) => localeFormat.compact(value),
  },
  cost: { label: 'Cost', value: (day) => day.costMicros, format: (value) => formatUsdMicros(value) },
  messages: {
    label: 'Messages',
    value: (day) => day.messages,
    format: (value, localeFormat) => localeFormat.compact(value),
  },
};

function Totals({ totals }: { totals: Stats['totals'] }) {
  const localeFormat = useLocaleFormat();
  const cards = [
    { label: 'Cost', value: formatUsdMicros(totals.costMicros) },
    {
      label: 'Tokens',
      value: localeFormat.integer(totals.inputTokens + totals.outputTokens),
      detail: `${localeFormat.integer(totals.inputTokens)} in · ${localeFormat.integer(totals.outputTokens)} out`,
    },
    {
      label: 'Messages',
      value: localeFormat.integer(totals.messages),
      detail: `${localeFormat.integer(totals.generations)} answers`,
    },
    { label: 'Chats', value: localeFormat.integer(totals.chats) },
    { label: 'Active users', value: localeFormat.integer(totals.activeUsers) },
    {
      label: 'Users',
      value: localeFormat.integer(totals.users),
      detail: `${localeFormat.integer(totals.newUsers)} new`,
    },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      {cards.map((card) => (
        <div key={card.label} className="rounded-2xl border border-border bg-raised p-3 shadow-sm">
          <dt className="text-xs text-muted">{card.label}</dt>
          <dd className="mt-1 text-lg font-semibold tabular-nums">{card.value}</dd>
          {card.detail ? <dd className="text-xs text-muted">{card.detail}</dd> : null}
        </div>
      ))}
    </dl>
  );
}

/** Usage across everyone over a date range (default: the last 30 days). */
export function StatsView() {
  const localeFormat = useLocaleFormat();
  const [draft, setDraft] = useState<DayRange>(() => lastDays(STATS_DEFAULT_DAYS));
  const [range, setRange] = useState<DayRange>(draft);
  const [metric, setMetric] = useState<Metric>('cost');
  const problem = rangeProblem(draft, STATS_MAX_RANGE_DAYS);
  const stats = useQuery({
    queryKey: ['admin', 'stats', range],
    queryFn: () => adminApi.stats(range),
    placeholderData: keepPreviousData,
  });
  const data = stats.data;
  const chosen = metrics[metric];

  return (
    <div className="space-y-4">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          if (!problem) setRange(draft);
        }}
      >
        <label className="text-sm">
          <span className="label">From</span>
          <input
            type="date"
            className="input"
            value={draft.from}
            onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          />
        </label>
        <label className="text-sm">
          <span className="label">To</span>
          <input
            type="date"
            className="input"
            value={draft.to}
            onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          />
        </label>
        <button type="submit" className="button-primary" disabled={problem !== null}>
          Show
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            const fresh = lastDays(STATS_DEFAULT_DAYS);
            setDraft(fresh);
            setRange(fresh);
          }}
        >
          Last 30 days
        </button>
        {problem ? (
          <p role="alert" className="w-full text-sm text-danger">
            {problem}
          </p>
        ) : null}
      </form>

      {stats.isError ? (
        <LoadError message={describeError(stats.error)} onRetry={() => void stats.refetch()} />
      ) : null}
      {stats.isPending ? (
        <p className="text-sm text-muted" role="status">
          Loading usage…
        </p>
      ) : null}
      {data ? (
        <div className="space-y-4" aria-busy={stats.isFetching}>
          <Totals totals={data.totals} />
          <Panel
            title={`${chosen.label} by day`}
            actions={
              <div
                role="group"
                aria-label="Chart metric"
                className="flex rounded-lg border border-border p-0.5"
              >
                {(Object.keys(metrics) as Metric[]).map((key) => (
                  <button
                    key={key}
                    type="button"
                    aria-pressed={metric === key}
                    onClick={() => setMetric(key)}
                    className={`rounded-md px-2 py-1 text-xs ${metric === key ? 'bg-accent text-accent-fg' : 'text-muted hover:text-fg'}`}
                  >
                    {metrics[key].label}
                  </button>
                ))}
              </div>
            }
          >
            <DayBarChart
              label={`${chosen.label} by day`}
              days={data.byDay.map((day) => ({ day: day.day, value: chosen.value(day) }))}
              format={(value) => chosen.format(value, localeFormat)}
            />
          </Panel>
          <div className="grid gap-4 md:grid-cols-2">
            <Panel title="Cost by model">
              {data.byModel.length === 0 ? (
                <p className="text-sm text-muted">No usage in this range.</p>
              ) : (
                <RankBars
                  format={formatUsdMicros}
                  rows={data.byModel.map((row) => ({
                    key: `${row.provider}/${row.model}`,
                    label: `${row.model} · ${row.provider}`,
                    value: row.costMicros,
                    detail: `${localeFormat.integer(row.inputTokens + row.outputTokens)} tokens · ${localeFormat.integer(row.generations)} answers`,
                  }))}
                />
              )}
            </Panel>
            <Panel title="Cost by provider">
              {data.byProvider.length === 0 ? (
                <p className="text-sm text-muted">No usage in this range.</p>
              ) : (
                <RankBars
                  format={formatUsdMicros}
                  rows={data.byProvider.map((row) => ({
                    key: row.provider,
                    label: row.provider,
                    value: row.costMicros,
                    detail: `${localeFormat.integer(row.inputTokens + row.outputTokens)} tokens · ${localeFormat.integer(row.generations)} answers`,
                  }))}
                />
              )}
            </Panel>
          </div>
        </div>
      ) : null}
    </div>
  );
}
