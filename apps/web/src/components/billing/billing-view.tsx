'use client';

import type { Plan } from '@vivier/contracts';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { billingApi } from '../../lib/billing-api';
import { isApiError } from '../../lib/api-error';
import { describeError } from '../../lib/error-message';
import { useLocaleFormat } from '../../i18n/use-locale-format';
import { formatUsdMicros } from '../../lib/format';
import { usageByDay, usageByModel } from '../../lib/usage-summary';
import { LoadError, PageFrame, Panel } from '../ui/page-frame';
import { PlanList, planPrice } from './plan-list';
import { UsageMeter } from './usage-meter';

/** Checkout and portal answer 503 "Billing is not configured" without STRIPE_SECRET_KEY. */
function paymentError(error: unknown): string {
  if (isApiError(error) && error.code === 'UPSTREAM_UNAVAILABLE' && /not configured/i.test(error.message)) {
    return 'Payments are not set up on this server, so plans cannot be bought here. Ask your administrator.';
  }
  return describeError(error);
}

/** The current billing period (the API's default range). */
function UsageTables() {
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
  if (!usage.data) return <p className="text-sm text-muted">Loading usage…</p>;
  if (usage.data.items.length === 0) return <p className="text-sm text-muted">No usage yet this period.</p>;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <table className="w-full text-left text-sm" aria-label="Usage by day">
        <thead className="text-xs text-muted">
          <tr className="border-b border-border">
            <th className="py-1.5 font-medium">Day</th>
            <th className="py-1.5 text-right font-medium">Tokens</th>
            <th className="py-1.5 text-right font-medium">Cost</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.day} className="border-b border-border last:border-0">
              <td className="py-1.5">{localeFormat.utcDay(day.day)}</td>
              <td className="py-1.5 text-right tabular-nums">
                {localeFormat.integer(day.inputTokens + day.outputTokens)}
              </td>
              <td className="py-1.5 text-right tabular-nums">{formatUsdMicros(day.costMicros)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="w-full text-left text-sm" aria-label="Usage by model">
        <thead className="text-xs text-muted">
          <tr className="border-b border-border">
            <th className="py-1.5 font-medium">Model</th>
            <th className="py-1.5 text-right font-medium">Tokens</th>
            <th className="py-1.5 text-right font-medium">Cost</th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <tr key={`${model.provider}/${model.model}`} className="border-b border-border last:border-0">
              <td className="max-w-48 truncate py-1.5" title={`${model.provider} · ${model.model}`}>
                {model.model}
              </td>
              <td className="py-1.5 text-right tabular-nums">
                {localeFormat.integer(model.inputTokens + model.outputTokens)}
              </td>
              <td className="py-1.5 text-right tabular-nums">{formatUsdMicros(model.costMicros)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The caller's plan, usage this period, and the way to pay for more. */
export function BillingView() {
  const localeFormat = useLocaleFormat();
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
      setActionError(paymentError(error));
      setBusy(null);
    }
  };
  const upgrade = (plan: Plan) => void goTo(plan.id, () => billingApi.checkout(plan.id));
  const manage = () => void goTo('portal', billingApi.portal);

  const current = subscription.data;
  const isPaying = current !== undefined && !current.plan.isDefault;

  return (
    <PageFrame title="Plan and usage">
      <div className="space-y-4">
        {checkoutState === 'success' ? (
          <p role="status" className="rounded-lg border border-border bg-surface px-3 py-2 text-sm">
            Thank you! Your payment went through; the new plan shows here as soon as Stripe confirms it.
          </p>
        ) : checkoutState === 'cancelled' ? (
          <p
            role="status"
            className="rounded-lg border border-border bg-surface px-3 py-2 text-sm text-muted"
          >
            Checkout was cancelled. Nothing was charged.
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
            Loading your plan…
          </p>
        ) : null}
        {current ? (
          <Panel
            title="Current plan"
            actions={
              current.hasBillingAccount ? (
                <button type="button" className="button" disabled={busy !== null} onClick={manage}>
                  {busy === 'portal' ? 'Opening…' : 'Manage subscription'}
                </button>
              ) : null
            }
          >
            <p className="mb-4">
              <span className="text-xl font-semibold">{current.plan.name}</span>
              <span className="ml-2 text-muted">{planPrice(current.plan)}</span>
              {current.status !== 'active' ? (
                <span className="ml-2 rounded-full bg-warn-bg px-2 py-0.5 text-xs text-warn-fg">
                  {current.status.replace(/_/g, ' ')}
                </span>
              ) : null}
            </p>
            {current.currentPeriodEnd ? (
              <p className="-mt-3 mb-4 text-sm text-muted">
                {current.cancelAtPeriodEnd ? 'Ends' : 'Renews'} on{' '}
                {localeFormat.longDate(current.currentPeriodEnd)}
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
        <Panel title="Plans">
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
          {isPaying ? (
            <p className="mt-3 text-xs text-muted">Change or cancel your plan with “Manage subscription”.</p>
          ) : null}
        </Panel>
        <Panel title="Usage this period">
          <UsageTables />
        </Panel>
      </div>
    </PageFrame>
  );
}
