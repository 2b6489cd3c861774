import { AppError, ErrorEnvelope, QuotaStatus } from '@vivier/contracts';
import type { AllowanceStore } from '@vivier/bus';
import { createInternalClient, type InternalAnswer, type Logger } from '@vivier/service-kit';

/**
 * The seam between chat and billing: asked before every generation. Throws AppError
 * QUOTA_EXCEEDED (402) when the user may not generate, UPSTREAM_UNAVAILABLE (503) when that
 * cannot be known and the policy is to refuse.
 */
export interface QuotaGate {
  /**
   * With a `generationId`, a pass also reserves one answer's worth of the allowance for it (held
   * until billing records its usage): concurrent sends cannot overspend by more than one answer.
   */
  assertCanGenerate(userId: string, requestId: string, generationId?: string): Promise<void>;
  /** The reserved answer will not run after all (it could not be queued). */
  release(userId: string, generationId: string): Promise<void>;
}

/** Without billing-service nobody has a quota. */
export const allowAllQuotaGate: QuotaGate = { assertCanGenerate: async () => {}, release: async () => {} };

export interface BillingQuotaGateOptions {
  billingUrl: string;
  internalToken: string;
  /** When billing does not answer: `refuse` fails closed (503), `allow` lets the generation run. */
  failurePolicy: 'refuse' | 'allow';
  logger: Logger;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /**
   * The allowance billing keeps hot in Redis: answered there in one atomic script when present;
   * billing is asked (and refills it) only when it is missing or Redis cannot answer.
   */
  allowance?: Pick<AllowanceStore, 'reserve' | 'release'>;
}

const DEFAULT_TIMEOUT_MS = 3_000;
const QUOTA_SPENT_MESSAGE = 'Your usage allowance for this period is used up';

/**
 * Asks billing-service `GET /internal/quota/:userId` (contracts `QuotaStatus`): 2xx allows, 402
 * refuses (its message, details and meta passed on), anything else counts as no answer.
 */
export function createBillingQuotaGate(options: BillingQuotaGateOptions): QuotaGate {
  const billing = createInternalClient({
    service: 'billing-service',
    baseUrl: options.billingUrl,
    internalToken: options.internalToken,
    // Asked before every send: a short deadline, then the failure policy decides.
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: options.fetch,
  });

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

  /**
   * One question to billing per user at a time: a burst of a user's sends (a new user opening ten
   * chats at once, a background reload under way) shares its answer instead of asking again.
   */
  const asking = new Map<string, Promise<void>>();
  function askBillingOnce(userId: string, requestId: string): Promise<void> {
    let answer = asking.get(userId);
    if (!answer) {
      answer = askBilling(userId, requestId).finally(() => asking.delete(userId));
      asking.set(userId, answer);
    }
    return answer;
  }
  /**
   * Users whose last reload billing did not answer. Under `refuse`, their stale copy grants nothing
   * more until billing answers again: without this, a copy kept to the period's end would go on
   * granting for as long as billing is down, which is what `refuse` exists to prevent.
   */
  const unanswered = new Set<string>();
  function reloadInBackground(userId: string, requestId: string): void {
    if (asking.has(userId)) return;
    askBillingOnce(userId, requestId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'UPSTREAM_UNAVAILABLE') unanswered.add(userId);
      options.logger.info({ err: error, userId }, 'billing refused or did not answer a background reload');
    });
  }

  /** Undefined: no hot answer (missing, or Redis failed), so billing decides. */
  async function reserveHot(
    userId: string,
    generationId: string,
    requestId: string,
  ): Promise<'reserved' | undefined> {
    if (!options.allowance) return undefined;
    try {
      const outcome = await options.allowance.reserve(userId, generationId);
      if (outcome.kind === 'missing') return undefined;
      if (outcome.kind === 'reserved') return 'reserved';
      if (outcome.kind === 'provisional') {
        if (options.failurePolicy === 'refuse' && unanswered.has(userId)) {
          // Billing did not answer the last reload: ask it now, and fail closed if it still cannot.
          await options.allowance.release(userId, generationId);
          return undefined;
        }
        // Granted without billing (no copy yet, or a stale one): billing reloads it meanwhile.
        reloadInBackground(userId, requestId);
        return 'reserved';
      }
      const { usedMicros, limitMicros, resetsAt } = outcome;
      throw new AppError(
        'QUOTA_EXCEEDED',
        usedMicros >= limitMicros
          ? QUOTA_SPENT_MESSAGE
          : 'Answers already running use the rest of your usage allowance; try again when they finish',
        { meta: { usedMicros, limitMicros, resetsAt } },
      );
    } catch (error) {
      if (error instanceof AppError) throw error;
      options.logger.warn({ err: error, userId }, 'hot allowance unavailable; asking billing');
      return undefined;
    }
  }

  async function askBilling(userId: string, requestId: string): Promise<void> {
    let answer: InternalAnswer;
    try {
      answer = await billing({ path: `/internal/quota/${encodeURIComponent(userId)}`, requestId });
    } catch (error) {
      return noAnswer(userId, error instanceof Error ? error.message : String(error));
    }
    if (answer.ok || answer.status === 402) unanswered.delete(userId);
    if (answer.ok) {
      // 200 means "may generate"; an explicit `allowed: false` is honoured all the same.
      const status = QuotaStatus.safeParse(answer.body);
      if (status.success && !status.data.allowed) {
        const { usedMicros, limitMicros, resetsAt } = status.data;
        throw new AppError('QUOTA_EXCEEDED', QUOTA_SPENT_MESSAGE, {
          meta: { usedMicros, limitMicros, resetsAt },
        });
      }
      return;
    }
    if (answer.status === 402) {
      const body = ErrorEnvelope.safeParse(answer.body);
      const error = body.success ? body.data.error : undefined;
      throw new AppError('QUOTA_EXCEEDED', error?.message ?? QUOTA_SPENT_MESSAGE, {
        details: error?.details,
        meta: error?.meta,
      });
    }
    return noAnswer(userId, `billing answered ${answer.status}`);
  }

  return {
    async assertCanGenerate(userId, requestId, generationId) {
      if (generationId === undefined) return askBillingOnce(userId, requestId);
      if (await reserveHot(userId, generationId, requestId)) return;
      // Missing: billing checks the ledger and refills the hot allowance; then reserve from it.
      await askBillingOnce(userId, requestId);
      await reserveHot(userId, generationId, requestId);
    },
    async release(userId, generationId) {
      await options.allowance
        ?.release(userId, generationId)
        .catch((error: unknown) =>
          options.logger.warn({ err: error, userId, generationId }, 'reservation not released; it lapses'),
        );
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
  allowance?: Pick<AllowanceStore, 'reserve' | 'release'>,
): QuotaGate {
  if (!env.BILLING_SERVICE_URL) return allowAllQuotaGate;
  return createBillingQuotaGate({
    billingUrl: env.BILLING_SERVICE_URL,
    internalToken: env.INTERNAL_SERVICE_TOKEN,
    failurePolicy: env.QUOTA_FAILURE_POLICY,
    logger: logger.child({ component: 'quota-gate' }),
    allowance,
  });
}
