import type { Subscription } from '@vivier/contracts';
import type { AccountService } from './account-service';
import { toPlanView } from './plan-service';
import type { UsageService } from './usage-service';

export function createSubscriptionService(deps: {
  accounts: AccountService;
  usage: Pick<UsageService, 'meterOf'>;
}) {
  return {
    /** The caller's plan (Free without a subscription row) and spend in the current period. */
    async getSubscription(userId: string): Promise<Subscription> {
      const account = await deps.accounts.loadAccount(userId);
      return {
        plan: toPlanView(account.plan),
        status: account.status,
        currentPeriodStart: account.period.start.toISOString(),
        currentPeriodEnd: account.isSubscriptionPeriod ? account.period.end.toISOString() : null,
        cancelAtPeriodEnd: account.subscription?.cancelAtPeriodEnd ?? false,
        hasBillingAccount: Boolean(account.subscription?.stripeCustomerId),
        usage: await deps.usage.meterOf(account),
      };
    },
  };
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;
