import { PlanAdminList, PlanChange, type PlanPatch } from '@vivier/contracts';
import type { Logger } from '@vivier/service-kit';
import { createInternalApi } from './internal-api';

/**
 * billing-service's internal plan API, the only way admin-service reads or changes plans (billing
 * owns the Plan table and its invariants: one active default plan). Every call carries the service
 * token and the request id of the admin's request.
 */
export interface BillingPlansClient {
  listPlans(requestId: string): Promise<PlanAdminList>;
  updatePlan(planId: string, patch: PlanPatch, requestId: string): Promise<PlanChange>;
}

export interface BillingPlansClientOptions {
  /** Unset: billing-service is not deployed and the plan routes answer 503. */
  baseUrl: string | undefined;
  internalToken: string;
  logger: Logger;
  timeoutMs?: number;
}

export function createBillingPlansClient(options: BillingPlansClientOptions): BillingPlansClient {
  const call = createInternalApi({
    ...options,
    service: 'billing-service',
    unavailableMessage: 'Billing is unavailable; try again shortly',
    notFoundMessage: 'Plan not found',
  });

  return {
    listPlans(requestId) {
      return call(PlanAdminList, { method: 'GET', path: '/internal/plans', requestId });
    },
    updatePlan(planId, patch, requestId) {
      return call(PlanChange, {
        method: 'PATCH',
        path: `/internal/plans/${encodeURIComponent(planId)}`,
        requestId,
        body: patch,
      });
    },
  };
}
