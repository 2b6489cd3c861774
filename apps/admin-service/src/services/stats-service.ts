import type { Stats, StatsDay, StatsModel, StatsProvider, StatsQuery } from '@vivier/contracts';
import type { AdminDb } from '@vivier/db';
import { daysOf, resolveStatsRange } from '../lib/stats-range';
import {
  chatsByDayQuery,
  messagesQuery,
  newUsersByDayQuery,
  USAGE_GROUPING,
  usageQuery,
  usersBeforeQuery,
} from './stats-queries';

interface DayCount {
  day: string;
  count: bigint;
}
interface MessageRow {
  day: string | null;
  messages: bigint;
  activeUsers: bigint;
}
interface UsageRow {
  grouping: number;
  day: string | null;
  provider: string | null;
  model: string | null;
  generations: bigint;
  inputTokens: bigint;
  outputTokens: bigint;
  costMicros: bigint;
}

const STATS_TIMEOUT_MS = 60_000;

/** Postgres counts and sums arrive as BigInt; every figure here fits a double exactly. */
const toNumber = (value: bigint | number | null | undefined) => Number(value ?? 0);

const usageFigures = (row: UsageRow | undefined) => ({
  generations: toNumber(row?.generations),
  inputTokens: toNumber(row?.inputTokens),
  outputTokens: toNumber(row?.outputTokens),
  costMicros: toNumber(row?.costMicros),
});

const byCostThenName = <T extends { costMicros: number; provider: string; model?: string }>(a: T, b: T) =>
  b.costMicros - a.costMicros ||
  a.provider.localeCompare(b.provider) ||
  (a.model ?? '').localeCompare(b.model ?? '');

/** Usage statistics, computed in SQL over tables other services own (read-only, through $queryRaw). */
export function createStatsService(deps: {
  db: Pick<AdminDb, '$queryRaw' | '$transaction'>;
  now?: () => Date;
}) {
  return {
    async getStats(query: StatsQuery): Promise<Stats> {
      const range = resolveStatsRange(query, deps.now?.() ?? new Date());
      // One snapshot for all five queries, so the totals and the groupings agree with each other.
      // A year over a large database can take seconds, past Prisma's 5 s default.
      const [usersBefore, newUsers, chats, messages, usage] = await deps.db.$transaction(
        async (tx) =>
          [
            await tx.$queryRaw<Array<{ users: bigint }>>(usersBeforeQuery(range)),
            await tx.$queryRaw<DayCount[]>(newUsersByDayQuery(range)),
            await tx.$queryRaw<DayCount[]>(chatsByDayQuery(range)),
            await tx.$queryRaw<MessageRow[]>(messagesQuery(range)),
            await tx.$queryRaw<UsageRow[]>(usageQuery(range)),
          ] as const,
        { isolationLevel: 'RepeatableRead', timeout: STATS_TIMEOUT_MS, maxWait: 5_000 },
      );

      const countsByDay = (rows: DayCount[]) => new Map(rows.map((row) => [row.day, toNumber(row.count)]));
      const newUsersOn = countsByDay(newUsers);
      const chatsOn = countsByDay(chats);
      const messagesOn = new Map(messages.filter((row) => row.day !== null).map((row) => [row.day, row]));
      const usageOn = new Map(
        usage.filter((row) => row.grouping === USAGE_GROUPING.byDay).map((row) => [row.day, row]),
      );
      const byDay: StatsDay[] = daysOf(range).map((day) => ({
        day,
        newUsers: newUsersOn.get(day) ?? 0,
        activeUsers: toNumber(messagesOn.get(day)?.activeUsers),
        chats: chatsOn.get(day) ?? 0,
        messages: toNumber(messagesOn.get(day)?.messages),
        ...usageFigures(usageOn.get(day)),
      }));

      const byProvider: StatsProvider[] = usage
        .filter((row) => row.grouping === USAGE_GROUPING.byProvider)
        .map((row) => ({ provider: row.provider ?? '', ...usageFigures(row) }))
        .sort(byCostThenName);
      const byModel: StatsModel[] = usage
        .filter((row) => row.grouping === USAGE_GROUPING.byModel)
        .map((row) => ({ provider: row.provider ?? '', model: row.model ?? '', ...usageFigures(row) }))
        .sort(byCostThenName);
      const wholeRange = messages.find((row) => row.day === null);

      return {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        totals: {
          users: toNumber(usersBefore[0]?.users),
          newUsers: [...newUsersOn.values()].reduce((sum, count) => sum + count, 0),
          activeUsers: toNumber(wholeRange?.activeUsers),
          chats: [...chatsOn.values()].reduce((sum, count) => sum + count, 0),
          messages: toNumber(wholeRange?.messages),
          ...usageFigures(usage.find((row) => row.grouping === USAGE_GROUPING.total)),
        },
        byDay,
        byProvider,
        byModel,
      };
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
