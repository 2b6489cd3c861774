import type { z } from 'zod';
import { AppError, ErrorEnvelope, PlanAdminList, PlanChange, type PlanPatch } from '@vivier/contracts';
import { internalHeaders, type Logger } from '@vivier/service-kit';

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

const DEFAULT_TIMEOUT_MS = 5_000;

export function createBillingPlansClient(options: BillingPlansClientOptions): BillingPlansClient {
  const base = options.baseUrl?.replace(/\/+$/, '');

  const unavailable = (cause: unknown) =>
    new AppError('UPSTREAM_UNAVAILABLE', 'Billing is unavailable; try again shortly', { cause });

  async function call<T extends z.ZodType>(
    schema: T,
    request: { method: 'GET' | 'PATCH'; path: string; requestId: string; body?: unknown },
  ): Promise<z.infer<T>> {
    if (!base) throw unavailable('BILLING_SERVICE_URL is not set');
    let response: Response;
    try {
      response = await fetch(`${base}${request.path}`, {
        method: request.method,
        headers: {
          ...internalHeaders(options.internalToken, request.requestId),
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (error) {
      options.logger.warn({ err: error, path: request.path }, 'billing-service did not answer');
      throw unavailable(error);
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (response.ok) {
      const parsed = schema.safeParse(payload);
      // A body that breaks the contract is a bug between our services, not the admin's mistake.
      if (!parsed.success) throw new Error(`billing-service answered ${request.path} with a body outside the contract`, { cause: parsed.error });
      return parsed.data;
    }
    const envelope = ErrorEnvelope.safeParse(payload);
    if (response.status === 404) throw new AppError('NOT_FOUND', 'Plan not found');
    if (response.status === 400 && envelope.success) {
      throw new AppError('VALIDATION_FAILED', envelope.data.error.message, { details: envelope.data.error.details });
    }
    options.logger.warn({ status: response.status, path: request.path }, 'billing-service refused an internal call');
    throw unavailable(`billing-service answered ${response.status}`);
  }

  return {
    listPlans(requestId) {
      return call(PlanAdminList, { method: 'GET', path: '/internal/plans', requestId });
    },
    updatePlan(planId, patch, requestId) {
      return call(PlanChange, { method: 'PATCH', path: `/internal/plans/${encodeURIComponent(planId)}`, requestId, body: patch });
    },
  };
}
