import { apiClient, type ApiClient } from './api-client';
import type { Contracts } from './contracts';

/** The billing page's endpoints (only that page imports this, keeping it out of the chat bundle). */
function createBillingApi(client: ApiClient) {
  const { request } = client;
  return {
    plans: async () =>
      (await request('GET', '/api/billing/plans', (c: Contracts) => c.PlanList, { authenticated: false }))
        .items,
    subscription: () => request('GET', '/api/billing/subscription', (c: Contracts) => c.Subscription),
    usage: (range: { from?: string; to?: string } = {}) =>
      request('GET', '/api/billing/usage', (c: Contracts) => c.UsageReport, { query: range }),
    /** Where to send the browser: Stripe Checkout for the plan. */
    checkout: (planId: string) =>
      request('POST', '/api/billing/checkout', (c: Contracts) => c.UrlResponse, { body: { planId } }),
    /** Where to send the browser: Stripe's customer portal. */
    portal: () => request('POST', '/api/billing/portal', (c: Contracts) => c.UrlResponse),
  };
}

export const billingApi = createBillingApi(apiClient);
