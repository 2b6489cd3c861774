import { Prisma } from '@vivier/db';
import type { StatsRange } from '../lib/stats-range';

/**
 * The SQL behind `GET /api/admin/stats`, one builder per query so tests can EXPLAIN exactly what
 * runs. Parameters are bound (Prisma.sql tagged templates), never concatenated. Days are UTC:
 * timestamps are stored as UTC `timestamp(3)`, so `date_trunc('day', …)` is the UTC day, and Date
 * parameters reach Postgres untyped as UTC digits, so they compare as `timestamp` whatever the
 * session's TimeZone.
 *
 * Which index serves which query (schema in packages/db/prisma/schema.prisma; timings from
 * `pnpm bench:stats`, which seeds a million messages and compares against the same queries
 * without these indexes):
 * - usage      → UsageEntry @@index([createdAt]): a range scan over the period's ledger rows only.
 * - messages   → Message @@index([createdAt, chatId]): one index-only range scan over the period
 *                (the message heap, with its content, is never read), hash-joined to Chat for the
 *                owner. Independent of how many chats exist.
 * - chats      → Chat @@index([createdAt]): a range scan.
 * - users      → User @@index([createdAt]): a range scan for the per-day sign-ups; the "users
 *                before `to`" count is an index-only scan of the same index.
 */

/** Users registered before `to` (a scalar). */
export const usersBeforeQuery = (range: StatsRange) => Prisma.sql`
  SELECT count(*)::bigint AS "users" FROM "User" WHERE "createdAt" < ${range.to}`;

/** Users registered per UTC day within the range. */
export const newUsersByDayQuery = (range: StatsRange) => Prisma.sql`
  SELECT to_char(date_trunc('day', "createdAt"), 'YYYY-MM-DD') AS "day", count(*)::bigint AS "count"
  FROM "User"
  WHERE "createdAt" >= ${range.from} AND "createdAt" < ${range.to}
  GROUP BY 1`;

/** Chats created per UTC day within the range. */
export const chatsByDayQuery = (range: StatsRange) => Prisma.sql`
  SELECT to_char(date_trunc('day', "createdAt"), 'YYYY-MM-DD') AS "day", count(*)::bigint AS "count"
  FROM "Chat"
  WHERE "createdAt" >= ${range.from} AND "createdAt" < ${range.to}
  GROUP BY 1`;

/**
 * Messages and active users (distinct chat owners with a message) per UTC day, plus the whole
 * range as the row whose `day` is null (GROUPING SETS: a user active on two days counts once).
 * Written as a plain join (no function around createdAt) so the Message(createdAt, chatId) index
 * serves the range.
 */
export const messagesQuery = (range: StatsRange) => Prisma.sql`
  SELECT to_char("day", 'YYYY-MM-DD') AS "day",
         coalesce(sum("messages"), 0)::bigint AS "messages",
         count(DISTINCT "userId")::bigint AS "activeUsers"
  FROM (
    SELECT date_trunc('day', m."createdAt") AS "day", c."userId", count(*) AS "messages"
    FROM "Message" m
    JOIN "Chat" c ON c."id" = m."chatId"
    WHERE m."createdAt" >= ${range.from} AND m."createdAt" < ${range.to}
    GROUP BY 1, 2
  ) "perUserDay"
  GROUP BY GROUPING SETS (("day"), ())`;

/**
 * Tokens, cost and generations from the usage ledger, grouped four ways at once. `grouping` says
 * which: 3 = by day, 5 = by provider, 4 = by provider and model, 7 = the whole range.
 */
export const usageQuery = (range: StatsRange) => Prisma.sql`
  SELECT GROUPING("day", "provider", "model")::int AS "grouping",
         to_char("day", 'YYYY-MM-DD') AS "day", "provider", "model",
         count(*)::bigint AS "generations",
         coalesce(sum("inputTokens"), 0)::bigint AS "inputTokens",
         coalesce(sum("outputTokens"), 0)::bigint AS "outputTokens",
         coalesce(sum("costMicros"), 0)::bigint AS "costMicros"
  FROM (
    SELECT date_trunc('day', "createdAt") AS "day", "provider", "model", "inputTokens", "outputTokens", "costMicros"
    FROM "UsageEntry"
    WHERE "createdAt" >= ${range.from} AND "createdAt" < ${range.to}
  ) u
  GROUP BY GROUPING SETS (("day"), ("provider"), ("provider", "model"), ())`;

export const USAGE_GROUPING = { byDay: 3, byProvider: 5, byModel: 4, total: 7 } as const;
