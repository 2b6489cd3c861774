'use client';

import { useTranslations } from 'next-intl';
import type { Stats, StatsDay } from '@vivier/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { adminApi } from '../../lib/admin-api';
import { lastDays, rangeProblem, type DayRange } from '../../lib/date-range';
import { useDescribeError } from '../../hooks/use-describe-error';
import { type LocaleFormat, useLocaleFormat } from '../../i18n/use-locale-format';
import { useMoney } from '../billing/use-money';
import { LoadError, Panel } from '../ui/page-frame';
import { DayBarChart, RankBars } from './bar-chart';

// Mirrors of STATS_DEFAULT_DAYS / STATS_MAX_RANGE_DAYS in contracts (a value import would pull zod into this page).
const STATS_DEFAULT_DAYS = 30;
const STATS_MAX_RANGE_DAYS = 366;

type Metric = 'tokens' | 'cost' | 'messages';
const metricNames: Metric[] = ['tokens', 'cost', 'messages'];
const metricValue: Record<Metric, (day: StatsDay) => number> = {
  tokens: (day) => day.inputTokens + day.outputTokens,
  cost: (day) => day.costMicros,
  messages: (day) => day.messages,
};

/** `rangeProblem` words its answer in English; the page shows the same problem in the user's language. */
function problemText(t: ReturnType<typeof useTranslations<'admin.stats'>>, problem: string): string {
  if (problem.startsWith('Choose both')) return t('problems.both');
  if (problem.startsWith('The start date')) return t('problems.order');
  return t('problems.tooLong', { days: STATS_MAX_RANGE_DAYS });
}

function Totals({ totals }: { totals: Stats['totals'] }) {
  const t = useTranslations('admin.stats');
  const localeFormat = useLocaleFormat();
  const money = useMoney();
  const n = localeFormat.integer;
  const cards = [
    { key: 'cost', label: t('cost'), value: money(totals.costMicros) },
    {
      key: 'tokens',
      label: t('tokens'),
      value: n(totals.inputTokens + totals.outputTokens),
      detail: t('inOut', { input: n(totals.inputTokens), output: n(totals.outputTokens) }),
    },
    {
      key: 'messages',
      label: t('messages'),
      value: n(totals.messages),
      detail: t('answers', { count: totals.generations }),
    },
    { key: 'chats', label: t('chats'), value: n(totals.chats) },
    { key: 'activeUsers', label: t('activeUsers'), value: n(totals.activeUsers) },
    {
      key: 'users',
      label: t('users'),
      value: n(totals.users),
      detail: t('newUsers', { count: totals.newUsers }),
    },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      {cards.map((card) => (
        <div key={card.key} className="rounded-2xl border border-border bg-raised p-3 shadow-sm">
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
  const describeError = useDescribeError();
  const t = useTranslations('admin.stats');
  const localeFormat = useLocaleFormat();
  const money = useMoney();
  const compact = localeFormat.compact;
  // Money is in the plan's dollars; counts are compact ("12K", "1,2 Mio.").
  const formatOf = (key: Metric): LocaleFormat['compact'] => (key === 'cost' ? money : compact);
  const [draft, setDraft] = useState<DayRange>(() => lastDays(STATS_DEFAULT_DAYS));
  const [range, setRange] = useState<DayRange>(draft);
  const [metric, setMetric] = useState<Metric>('cost');
  const rawProblem = rangeProblem(draft, STATS_MAX_RANGE_DAYS);
  const problem = rawProblem === null ? null : problemText(t, rawProblem);
  const stats = useQuery({
    queryKey: ['admin', 'stats', range],
    queryFn: () => adminApi.stats(range),
    placeholderData: keepPreviousData,
  });
  const data = stats.data;
  const chosenLabel = t(`byDay.${metric}`);

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
          <span className="label">{t('from')}</span>
          <input
            type="date"
            className="input"
            value={draft.from}
            onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          />
        </label>
        <label className="text-sm">
          <span className="label">{t('to')}</span>
          <input
            type="date"
            className="input"
            value={draft.to}
            onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          />
        </label>
        <button type="submit" className="button-primary" disabled={problem !== null}>
          {t('show')}
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
          {t('last30')}
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
          {t('loading')}
        </p>
      ) : null}
      {data ? (
        <div className="space-y-4" aria-busy={stats.isFetching}>
          <Totals totals={data.totals} />
          <Panel
            title={chosenLabel}
            actions={
              <div
                role="group"
                aria-label={t('metric')}
                className="flex rounded-lg border border-border p-0.5"
              >
                {metricNames.map((key) => (
                  <button
                    key={key}
                    type="button"
                    aria-pressed={metric === key}
                    onClick={() => setMetric(key)}
                    className={`rounded-md px-2 py-1 text-xs ${metric === key ? 'bg-accent text-accent-fg' : 'text-muted hover:text-fg'}`}
                  >
                    {t(key)}
                  </button>
                ))}
              </div>
            }
          >
            <DayBarChart
              label={chosenLabel}
              days={data.byDay.map((day) => ({ day: day.day, value: metricValue[metric](day) }))}
              format={formatOf(metric)}
            />
          </Panel>
          <div className="grid gap-4 md:grid-cols-2">
            <Panel title={t('costByModel')}>
              {data.byModel.length === 0 ? (
                <p className="text-sm text-muted">{t('noUsage')}</p>
              ) : (
                <RankBars
                  format={money}
                  rows={data.byModel.map((row) => ({
                    key: `${row.provider}/${row.model}`,
                    label: `${row.model} · ${row.provider}`,
                    value: row.costMicros,
                    detail: t('rowDetail', {
                      tokens: row.inputTokens + row.outputTokens,
                      answers: row.generations,
                    }),
                  }))}
                />
              )}
            </Panel>
            <Panel title={t('costByProvider')}>
              {data.byProvider.length === 0 ? (
                <p className="text-sm text-muted">{t('noUsage')}</p>
              ) : (
                <RankBars
                  format={money}
                  rows={data.byProvider.map((row) => ({
                    key: row.provider,
                    label: row.provider,
                    value: row.costMicros,
                    detail: t('rowDetail', {
                      tokens: row.inputTokens + row.outputTokens,
                      answers: row.generations,
                    }),
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
