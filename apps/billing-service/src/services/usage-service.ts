import {
  AppError,
  isId,
  type QuotaStatus,
  type UsageMeter,
  type UsageQuery,
  type UsageReport,
  type UsageReportItem,
} from '@vivier/contracts';
import type { BillingDb } from '@vivier/db';
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

export function createUsageService(deps: {
  db: Pick<BillingDb, 'usageEntry' | '$queryRaw'>;
  accounts: AccountService;
}) {
  const { db, accounts } = deps;

  /** Provider cost spent in the period, summed in SQL over the (userId, createdAt) index. */
  async function spentMicros(userId: string, period: BillingPeriod): Promise<bigint> {
    const result = await db.usageEntry.aggregate({
      where: { userId, createdAt: { gte: period.start, lt: period.end } },
      _sum: { costMicros: true },
    });
    return result._sum.costMicros ?? 0n;
  }

  async function meterOf(account: BillingAccount): Promise<UsageMeter> {
    return {
      usedMicros: Number(await spentMicros(account.userId, account.period)),
      limitMicros: Number(account.plan.allowanceMicros),
      resetsAt: account.period.end.toISOString(),
    };
  }

  return {
    meterOf,

    /** Allowed while spend is below the allowance; at or over it, 402 QUOTA_EXCEEDED with the numbers in `meta`. */
    async checkQuota(userId: string): Promise<QuotaStatus> {
      // Not a user id (a NUL byte would even fail the query): no such user, as everywhere else.
      if (!isId('user', userId)) throw new AppError('NOT_FOUND', 'No such user');
      const meter = await meterOf(await accounts.loadAccount(userId));
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
