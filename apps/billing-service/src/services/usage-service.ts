import {
  AppError,
  isId,
  type QuotaStatus,
  type UsageMeter,
  type UsageQuery,
  type UsageReport,
  type UsageReportItem,
} from '@vivier/contracts';
import type { AllowanceStore } from '@vivier/bus';
import type { BillingDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import type { BillingPeriod } from '../lib/billing-period';
import { resolveUsageRange } from '../lib/usage-range';
import type { AccountService, BillingAccount } from './account-service';

interface UsageRow {
  day: string;
  provider: string;
  model: string;
  inputTokens: bigint;
  outputTokens: bigint;
  costMicros: bigint;
}

const dollars = (micros: number) => `$${(micros / 1_000_000).toFixed(2)}`;

/** Where the allowance is kept hot for chat-service (see @vivier/bus allowance.ts). */
export interface HotAllowance {
  store: Pick<AllowanceStore, 'load'>;
  /** The least an answer reserves (its reservation is the period's largest answer, at least this). */
  reserveFloorMicros: number;
  /** How long the hot copy is fresh; then its next answer has billing reload it (plan changes apply within it). */
  ttlMs: number;
  logger: Logger;
}

export function createUsageService(deps: {
  db: Pick<BillingDb, 'usageEntry' | '$queryRaw'>;
  accounts: AccountService;
  hot?: HotAllowance;
}) {
  const { db, accounts } = deps;

  /** Provider cost spent in the period (and its largest answer), in SQL over the (userId, createdAt) index. */
  async function spending(userId: string, period: BillingPeriod) {
    const result = await db.usageEntry.aggregate({
      where: { userId, createdAt: { gte: period.start, lt: period.end } },
      _sum: { costMicros: true },
      _max: { costMicros: true },
    });
    return { spent: result._sum.costMicros ?? 0n, largest: result._max.costMicros ?? 0n };
  }

  async function meterOf(account: BillingAccount): Promise<UsageMeter> {
    return toMeter(account, (await spending(account.userId, account.period)).spent);
  }

  function toMeter(account: BillingAccount, spent: bigint): UsageMeter {
    return {
      usedMicros: Number(spent),
      limitMicros: Number(account.plan.allowanceMicros),
      resetsAt: account.period.end.toISOString(),
    };
  }

  /** Hands the allowance to chat-service's hot path; a failure only means billing is asked again. */
  async function keepHot(account: BillingAccount, meter: UsageMeter, largest: bigint): Promise<void> {
    if (!deps.hot) return;
    const { hot } = deps;
    try {
      await hot.store.load(
        account.userId,
        {
          limitMicros: meter.limitMicros,
          spentMicros: meter.usedMicros,
          reserveMicros: Math.max(hot.reserveFloorMicros, Number(largest)),
          periodStart: account.period.start,
          resetsAt: account.period.end,
        },
        hot.ttlMs,
      );
    } catch (error) {
      hot.logger.warn({ err: error, userId: account.userId }, 'could not keep the allowance hot');
    }
  }

  return {
    meterOf,

    /**
     * Allowed while spend is below the allowance; at or over it, 402 QUOTA_EXCEEDED with the numbers
     * in `meta`. Either way the allowance is then kept hot in Redis for chat-service's next answers.
     */
    async checkQuota(userId: string): Promise<QuotaStatus> {
      // Not a user id (a NUL byte would even fail the query): no such user, as everywhere else.
      if (!isId('user', userId)) throw new AppError('NOT_FOUND', 'No such user');
      const account = await accounts.loadAccount(userId);
      const { spent, largest } = await spending(userId, account.period);
      const meter = toMeter(account, spent);
      await keepHot(account, meter, largest);
      if (meter.usedMicros >= meter.limitMicros) {
        throw new AppError(
          'QUOTA_EXCEEDED',
          `Monthly usage allowance reached (${dollars(meter.usedMicros)} of ${dollars(meter.limitMicros)}); ` +
            `resets on ${meter.resetsAt.slice(0, 10)}`,
          { meta: { ...meter } },
        );
      }
      return { allowed: true, ...meter };
    },

    /** Spend by UTC day, provider and model over the requested range (default: the current period). */
    async usageReport(userId: string, query: UsageQuery): Promise<UsageReport> {
      const account = await accounts.loadAccount(userId);
      const { from, to } = resolveUsageRange(query, account.period);
      // Bounds go in as ISO text and are read as UTC: "createdAt" is a timestamp without time zone
      // holding UTC, whatever the session's TimeZone is.
      const rows = await db.$queryRaw<UsageRow[]>`
        SELECT to_char(date_trunc('day', "createdAt"), 'YYYY-MM-DD') AS "day",
               "provider", "model",
               SUM("inputTokens")::bigint AS "inputTokens",
               SUM("outputTokens")::bigint AS "outputTokens",
               SUM("costMicros")::bigint AS "costMicros"
          FROM "UsageEntry"
         WHERE "userId" = ${userId}
           AND "createdAt" >= (${from.toISOString()}::timestamptz AT TIME ZONE 'UTC')
           AND "createdAt" < (${to.toISOString()}::timestamptz AT TIME ZONE 'UTC')
         GROUP BY 1, 2, 3
         ORDER BY 1, 2, 3`;
      const items: UsageReportItem[] = rows.map((row) => ({
        day: row.day,
        provider: row.provider,
        model: row.model,
        inputTokens: Number(row.inputTokens),
        outputTokens: Number(row.outputTokens),
        costMicros: Number(row.costMicros),
      }));
      const totals = rows.reduce(
        (sum, row) => ({
          inputTokens: sum.inputTokens + BigInt(row.inputTokens),
          outputTokens: sum.outputTokens + BigInt(row.outputTokens),
          costMicros: sum.costMicros + BigInt(row.costMicros),
        }),
        { inputTokens: 0n, outputTokens: 0n, costMicros: 0n },
      );
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        items,
        totals: {
          inputTokens: Number(totals.inputTokens),
          outputTokens: Number(totals.outputTokens),
          costMicros: Number(totals.costMicros),
        },
      };
    },
  };
}

export type UsageService = ReturnType<typeof createUsageService>;
