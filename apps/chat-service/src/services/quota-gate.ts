import { AppError, ErrorEnvelope, QuotaStatus } from '@vivier/contracts';
import { internalHeaders, type Logger } from '@vivier/service-kit';

/**
 * The seam between chat and billing: asked before every generation. Throws AppError
 * QUOTA_EXCEEDED (402) when the user may not generate, UPSTREAM_UNAVAILABLE (503) when that
 * cannot be known and the policy is to refuse.
 */
export interface QuotaGate {
  assertCanGenerate(userId: string, requestId: string): Promise<void>;
}

/** Without billing-service nobody has a quota. */
export const allowAllQuotaGate: QuotaGate = { assertCanGenerate: async () => {} };

export interface BillingQuotaGateOptions {
  billingUrl: string;
  internalToken: string;
  /** When billing does not answer: `refuse` fails closed (503), `allow` lets the generation run. */
  failurePolicy: 'refuse' | 'allow';
  logger: Logger;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 3_000;
const QUOTA_SPENT_MESSAGE = 'Your usage allowance for this period is used up';

/**
 * Asks billing-service `GET /internal/quota/:userId` (contracts `QuotaStatus`): 2xx allows, 402
 * refuses (its message, details and meta passed on), anything else counts as no answer.
 */
export function createBillingQuotaGate(options: BillingQuotaGateOptions): QuotaGate {
  const fetchQuota = options.fetch ?? fetch;
  const base = options.billingUrl.replace(/\/+$/, '');

  function noAnswer(userId: string, reason: unknown): void {
    options.logger.warn({ userId, reason, policy: options.failurePolicy }, 'quota check unanswered');
    if (options.failurePolicy === 'refuse') {
      throw new AppError(
        'UPSTREAM_UNAVAILABLE',
        'Usage limits cannot be checked right now; try again shortly',
        { cause: reason },
      );
    }
  }

  return {
    async assertCanGenerate(userId, requestId) {
      let response: Response;
      try {
        response = await fetchQuota(`${base}/internal/quota/${encodeURIComponent(userId)}`, {
          headers: internalHeaders(options.internalToken, requestId),
          signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        });
      } catch (error) {
        return noAnswer(userId, error instanceof Error ? error.message : String(error));
      }
      if (response.ok) {
        // 200 means "may generate"; an explicit `allowed: false` is honoured all the same.
        const status = QuotaStatus.safeParse(await response.json().catch(() => undefined));
        if (status.success && !status.data.allowed) {
          const { usedMicros, limitMicros, resetsAt } = status.data;
          throw new AppError('QUOTA_EXCEEDED', QUOTA_SPENT_MESSAGE, {
            meta: { usedMicros, limitMicros, resetsAt },
          });
        }
        return;
      }
      if (response.status === 402) {
        const body = ErrorEnvelope.safeParse(await response.json().catch(() => undefined));
        const error = body.success ? body.data.error : undefined;
        throw new AppError('QUOTA_EXCEEDED', error?.message ?? QUOTA_SPENT_MESSAGE, {
          details: error?.details,
          meta: error?.meta,
        });
      }
      await response.body?.cancel();
      return noAnswer(userId, `billing answered ${response.status}`);
    },
  };
}

export function quotaGateFromEnv(
  env: {
    BILLING_SERVICE_URL?: string;
    INTERNAL_SERVICE_TOKEN: string;
    QUOTA_FAILURE_POLICY: 'refuse' | 'allow';
  },
  logger: Logger,
): QuotaGate {
  if (!env.BILLING_SERVICE_URL) return allowAllQuotaGate;
  return createBillingQuotaGate({
    billingUrl: env.BILLING_SERVICE_URL,
    internalToken: env.INTERNAL_SERVICE_TOKEN,
    failurePolicy: env.QUOTA_FAILURE_POLICY,
    logger: logger.child({ component: 'quota-gate' }),
  });
}
