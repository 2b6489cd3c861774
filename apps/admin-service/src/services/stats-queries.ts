import { Prisma } from '@vivier/db';
import type { StatsRange } from '../lib/stats-range';

/**
 * The SQL behind `GET /api/admin/stats`, one builder per query so tests can EXPLAIN exactly what
 * runs. Parameters are bound (Prisma.sql tagged templates), never concatenated. Days are UTC:
 * timestamps are stored as UTC `timestamp(3)`, so `date_trunc('day', …)` is the UTC day, and Date
 * parameters reach Postgres untyped as UTC digits, so they compare as `timestamp` whatever the
 * session's TimeZone.
 *
 * Which index serves which query (schema in packages/db/prisma/schema.prisma):
 * - usage      → UsageEntry @@index([createdAt]): a range scan over the period's ledger rows only.
 * - messages   → Message @@index([chatId, createdAt]): the planner probes it once per chat
 *                (nested loop, index-only range scan on (chatId, createdAt)), so only the period's
 *                index entries are read and the message heap (content) never is. Cost grows with
 *                the number of chats plus the messages in the range (~1 s for 50k chats and 1M
 *                messages on a loaded 2-core box). `@@index([createdAt, chatId])` on Message would
 *                turn it into one index-only range scan hash-joined to Chat (measured ~2-3x faster
 *                for 30 days, and independent of the number of chats).
 * - chats      → no index leads with Chat.createdAt: a sequential scan of Chat (far smaller than
 *                Message). `@@index([createdAt])` on Chat would make it a range scan.
 * - users      → no index on User.createdAt: a sequential scan of User (small).
 *                `@@index([createdAt])` on User would serve the per-day signups.
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
 * Written as a plain join so the planner picks the access path: today per-chat index-only probes
 * of Message(chatId, createdAt); with an index leading on Message.createdAt, a range scan.
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
