import type { PlanAdminList, PlanAdminView, PlanPatch } from '@vivier/contracts';
import type { Logger } from '@vivier/service-kit';
import type { AuditLog } from './audit-log';
import type { BillingPlansClient } from './billing-plans-client';

/** Plans as admins manage them: read and changed only through billing-service, every change audited. */
export function createPlanAdminService(deps: {
  plans: BillingPlansClient;
  audit: Pick<AuditLog, 'record'>;
  logger: Logger;
}) {
  return {
    listPlans(requestId: string): Promise<PlanAdminList> {
      return deps.plans.listPlans(requestId);
    },

    async updatePlan(
      actorId: string,
      planId: string,
      patch: PlanPatch,
      requestId: string,
    ): Promise<PlanAdminView> {
      const { before, after } = await deps.plans.updatePlan(planId, patch, requestId);
      const record = {
        actorId,
        action: 'plan.update',
        targetType: 'plan' as const,
        targetId: planId,
        before,
        after,
      };
      try {
        await deps.audit.record(record);
      } catch (error) {
        // The change is made (billing owns it) but unrecorded: keep the trail in the logs and fail
        // loudly rather than report success without an audit row.
        deps.logger.error({ err: error, audit: record, requestId }, 'audit write failed after a plan change');
        throw error;
      }
      return after;
    },
  };
}

export type PlanAdminService = ReturnType<typeof createPlanAdminService>;
