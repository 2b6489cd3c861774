import { useTranslations } from 'next-intl';
import type { Plan } from '@vivier/contracts';
import { centsToMicros } from '../../lib/money-input';

import { useMoney } from './use-money';

interface PlanListProps {
  plans: Plan[];
  currentPlanId: string;
  /** On a paid plan, changes go through the portal rather than a new Checkout. */
  isPaying: boolean;
  busyPlanId: string | null;
  onUpgrade: (plan: Plan) => void;
}

/** Active plans side by side; the current one is marked, dearer ones offer an upgrade. */
export function PlanList({ plans, currentPlanId, isPaying, busyPlanId, onUpgrade }: PlanListProps) {
  const t = useTranslations('billing.planList');
  const money = useMoney();
  const current = plans.find((plan) => plan.id === currentPlanId);
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {plans.map((plan) => {
        const isCurrent = plan.id === currentPlanId;
        const canUpgrade =
          !isCurrent && !isPaying && plan.priceMonthlyCents > (current?.priceMonthlyCents ?? 0);
        return (
          <li
            key={plan.id}
            aria-label={t('plan', { name: plan.name })}
            className={`flex flex-col rounded-2xl border p-4 ${isCurrent ? 'border-fg' : 'border-border'} bg-raised`}
          >
            <div className="mb-1 flex items-center gap-2">
              <h3 className="font-semibold">{plan.name}</h3>
              {isCurrent ? (
                <span className="rounded-full bg-surface px-2 py-0.5 text-xs">{t('current')}</span>
              ) : null}
            </div>
            <p className="text-lg font-semibold">
              {t('perMonth', { price: money(centsToMicros(plan.priceMonthlyCents)) })}
            </p>
            <p className="mb-3 text-sm text-muted">
              {t('allowance', { amount: money(plan.allowanceMicros) })}
            </p>
            <div className="mt-auto">
              {canUpgrade ? (
                <button
                  type="button"
                  className="button-primary w-full"
                  disabled={busyPlanId !== null}
                  onClick={() => onUpgrade(plan)}
                  aria-label={t('upgrade', { name: plan.name })}
                >
                  {busyPlanId === plan.id ? t('openingCheckout') : t('upgrade', { name: plan.name })}
                </button>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
