import { Prisma, type PrismaClient } from '@vivier/db';
// The benchmark times chat-service's own search code, exactly as it runs (like scripts/bench-stats.ts
// with admin-service's queries); until search moves into a package, these two imports cross the line.
// eslint-disable-next-line no-restricted-imports
import { searchChats } from '../../../apps/chat-service/src/services/chat-search';
// eslint-disable-next-line no-restricted-imports
import { toPrefixTsQuery } from '../../../apps/chat-service/src/lib/search-query';

/** What a search request runs, given the searching user and the text typed. */
export type SearchRun = (
  db: Pick<PrismaClient, '$queryRaw'>,
  userId: string,
  text: string,
) => Promise<unknown>;

/** First page of 20, as `GET /api/chats?q=` asks for (limit 20, so 21 rows to know there is more). */
const TAKE = 21;

const tsQueryOf = (text: string) => {
  const tsQuery = toPrefixTsQuery(text);
  if (!tsQuery) throw new Error(`no word in ${JSON.stringify(text)}`);
  return tsQuery;
};

/**
 * Before issue 12: the exact SQL of apps/chat-service/src/services/chat-search.ts at 1a8204b (ids
 * only; the service then loaded the rows by id).
 */
export const before: SearchRun = (db, userId, text) => {
  const tsQuery = tsQueryOf(text);
  return db.$queryRaw`
    SELECT c."id"
    FROM "Chat" c
    WHERE c."userId" = ${userId}
      AND c."archived" = ${false}
      AND (
        c."search" @@ to_tsquery('simple', ${tsQuery})
        OR EXISTS (
          SELECT 1 FROM "Message" m
          WHERE m."chatId" = c."id" AND m."search" @@ to_tsquery('simple', ${tsQuery})
        )
      )
    ORDER BY c."updatedAt" DESC, c."id" DESC
    LIMIT ${TAKE}`;
};

/** After: the service's search as it runs now, snippets included. */
export const after: SearchRun = (db, userId, text) =>
  searchChats(db, { userId, archived: false, tsQuery: tsQueryOf(text), take: TAKE });

/** The chat list without a search (what Prisma sends for `GET /api/chats`). */
export const chatList = (db: Pick<PrismaClient, '$queryRaw'>, userId: string) =>
  db.$queryRaw`
    SELECT "id", "userId", "title", "provider", "model", "settings", "fallbackModel", "archived", "createdAt", "updatedAt"
    FROM "Chat"
    WHERE "userId" = ${userId} AND "archived" = ${false}
    ORDER BY "updatedAt" DESC, "id" DESC
    LIMIT ${TAKE}`;

/**
 * A client whose $queryRaw first records the EXPLAIN (ANALYZE, BUFFERS) of each statement, then
 * runs it: the plans of everything one search sends, in order.
 */
export function explaining(db: PrismaClient, plans: string[]): Pick<PrismaClient, '$queryRaw'> {
  const queryRaw = async (strings: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
    const query = Array.isArray(strings)
      ? Prisma.sql(strings as TemplateStringsArray, ...values)
      : (strings as Prisma.Sql);
    const rows = await db.$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${query.text}`,
      ...query.values,
    );
    plans.push(rows.map((row) => row['QUERY PLAN']).join('\n'));
    return db.$queryRaw(query);
  };
  return { $queryRaw: queryRaw as PrismaClient['$queryRaw'] };
}
