'use client';

import { useTranslations } from 'next-intl';
import type { Plan } from '@vivier/contracts';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { billingApi } from '../../lib/billing-api';
import { isApiError } from '../../lib/api-error';
import { useDescribeError } from '../../hooks/use-describe-error';
import { useLocaleFormat } from '../../i18n/use-locale-format';
import { usageByDay, usageByModel } from '../../lib/usage-summary';
import { LoadError, PageFrame, Panel } from '../ui/page-frame';
import { PlanList } from './plan-list';
import { centsToMicros } from '../../lib/money-input';
import { UsageMeter } from './usage-meter';
import { useMoney } from './use-money';

/** Checkout and portal answer 503 "Billing is not configured" without STRIPE_SECRET_KEY. */
function paymentError(
  error: unknown,
  notConfigured: string,
  describeError: (error: unknown) => string,
): string {
  if (isApiError(error) && error.code === 'UPSTREAM_UNAVAILABLE' && /not configured/i.test(error.message)) {
    return notConfigured;
  }
  return describeError(error);
}

/** The current billing period (the API's default range). */
function UsageTables() {
  const describeError = useDescribeError();
  const t = useTranslations('billing.usage');
  const localeFormat = useLocaleFormat();
  const usage = useQuery({ queryKey: ['billing', 'usage'], queryFn: () => billingApi.usage() });
  const days = useMemo(
    () =>
      usage.data
        ? usageByDay(usage.data.items, usage.data.from, usage.data.to)
            .filter((day) => day.costMicros > 0 || day.inputTokens + day.outputTokens > 0)
            .reverse()
        : [],
    [usage.data],
  );
  const models = useMemo(() => (usage.data ? usageByModel(usage.data.items) : []), [usage.data]);
  if (usage.isError)
    return <LoadError message={describeError(usage.error)} onRetry={() => void usage.refetch()} />;
  if (!usage.data) return <p className="text-sm text-muted">{t('loading')}</p>;
  if (usage.data.items.length === 0) return <p className="text-sm text-muted">{t('empty')}</p>;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <UsageTable
        label={t('byDay')}
        heading={t('day')}
        rows={days.map((day) => ({ key: day.day, name: localeFormat.utcDay(day.day), ...day }))}
      />
      <UsageTable
        label={t('byModel')}
        heading={t('model')}
        rows={models.map((model) => ({
          key: `${model.provider}/${model.model}`,
          name: model.model,
          title: `${model.provider} · ${model.model}`,
          ...model,
        }))}
      />
    </div>
  );
}

interface UsageRow {
  key: string;
  name: string;
  /** The full name, where `name` may be cut short. */
  title?: string;
  inputTokens: number;
  outputTokens: number;
  costMicros: number;
}

/** One usage breakdown: a name column, then tokens and cost. */
function UsageTable({ label, heading, rows }: { label: string; heading: string; rows: UsageRow[] }) {
  const t = useTranslations('billing.usage');
  const localeFormat = useLocaleFormat();
  const money = useMoney();
  return (
    <table className="w-full text-left text-sm" aria-label={label}>
      <thead className="text-xs text-muted">
        <tr className="border-b border-border">
          <th className="py-1.5 font-medium">{heading}</th>
          <th className="py-1.5 text-right font-medium">{t('tokens')}</th>
          <th className="py-1.5 text-right font-medium">{t('cost')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className="border-b border-border last:border-0">
            <td className="max-w-48 truncate py-1.5" title={row.title}>
              {row.name}
            </td>
            <td className="py-1.5 text-right tabular-nums">
              {localeFormat.integer(row.inputTokens + row.outputTokens)}
            </td>
            <td className="py-1.5 text-right tabular-nums">{money(row.costMicros)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The caller's plan, usage this period, and the way to pay for more. */
export function BillingView() {
  const describeError = useDescribeError();
  const t = useTranslations('billing');
  const localeFormat = useLocaleFormat();
  const money = useMoney();
  const checkoutState = useSearchParams().get('checkout');
  const subscription = useQuery({ queryKey: ['billing', 'subscription'], queryFn: billingApi.subscription });
  const plans = useQuery({
    queryKey: ['billing', 'plans'],
    queryFn: billingApi.plans,
    staleTime: 5 * 60_000,
  });
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const goTo = async (id: string, getUrl: () => Promise<{ url: string }>) => {
    setBusy(id);
    setActionError(null);
    try {
      const { url } = await getUrl();
      window.location.assign(url);
    } catch (error) {
      setActionError(paymentError(error, t('notConfigured'), describeError));
      setBusy(null);
    }
  };
  const upgrade = (plan: Plan) => void goTo(plan.id, () => billingApi.checkout(plan.id));
  const manage = () => void goTo('portal', billingApi.portal);

  const current = subscription.data;
  // Stripe's statuses are worded in the catalog; an unknown one reads as its words.
  const statusText = (status: string) => {
    const key = `status.${status}` as Parameters<typeof t>[0];
    return t.has(key) ? t(key) : status.replace(/_/g, ' ');
  };
  const isPaying = current !== undefined && !current.plan.isDefault;

  return (
    <PageFrame title={t('title')}>
      <div className="space-y-4">
        {checkoutState === 'success' ? (
          <p role="status" className="rounded-lg border border-border bg-surface px-3 py-2 text-sm">
            {t('checkoutSuccess')}
          </p>
        ) : checkoutState === 'cancelled' ? (
          <p
            role="status"
            className="rounded-lg border border-border bg-surface px-3 py-2 text-sm text-muted"
          >
            {t('checkoutCancelled')}
          </p>
        ) : null}
        {subscription.isError ? (
          <LoadError
            message={describeError(subscription.error)}
            onRetry={() => void subscription.refetch()}
          />
        ) : null}
        {subscription.isPending ? (
          <p className="text-sm text-muted" role="status">
            {t('loading')}
          </p>
        ) : null}
        {current ? (
          <Panel
            title={t('currentPlan')}
            actions={
              current.hasBillingAccount ? (
                <button type="button" className="button" disabled={busy !== null} onClick={manage}>
                  {busy === 'portal' ? t('opening') : t('manage')}
                </button>
              ) : null
            }
          >
            <p className="mb-4">
              <span className="text-xl font-semibold">{current.plan.name}</span>
              <span className="ml-2 text-muted">
                {t('perMonth', { price: money(centsToMicros(current.plan.priceMonthlyCents)) })}
              </span>
              {current.status !== 'active' ? (
                <span className="ml-2 rounded-full bg-warn-bg px-2 py-0.5 text-xs text-warn-fg">
                  {statusText(current.status)}
                </span>
              ) : null}
            </p>
            {current.currentPeriodEnd ? (
              <p className="-mt-3 mb-4 text-sm text-muted">
                {t(current.cancelAtPeriodEnd ? 'endsOn' : 'renewsOn', {
                  date: localeFormat.longDate(current.currentPeriodEnd),
                })}
              </p>
            ) : null}
            <UsageMeter usage={current.usage} />
          </Panel>
        ) : null}
        {actionError ? (
          <p
            role="alert"
            className="rounded-lg border border-danger/30 bg-danger/10 px-3 py-2 text-sm text-danger"
          >
            {actionError}
          </p>
        ) : null}
        <Panel title={t('plans')}>
          {plans.isError ? (
            <LoadError message={describeError(plans.error)} onRetry={() => void plans.refetch()} />
          ) : null}
          {plans.data && current ? (
            <PlanList
              plans={plans.data.filter((plan) => plan.active || plan.id === current.plan.id)}
              currentPlanId={current.plan.id}
              isPaying={isPaying}
              busyPlanId={busy}
              onUpgrade={upgrade}
            />
          ) : null}
          {isPaying ? <p className="mt-3 text-xs text-muted">{t('changeHint')}</p> : null}
        </Panel>
        <Panel title={t('usageThisPeriod')}>
          <UsageTables />
        </Panel>
      </div>
    </PageFrame>
  );
}
