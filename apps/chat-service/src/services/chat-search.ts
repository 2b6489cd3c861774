import { Prisma, type ChatDb } from '@vivier/db';
import type { ChatCursor } from '../lib/chat-cursor';

export interface ChatSearch {
  userId: string;
  archived: boolean;
  /** A tsquery for the `simple` configuration (see lib/search-query). */
  tsQuery: string;
  after?: ChatCursor;
  take: number;
}

/** A chat that matched, and the newest of its messages that matched (none when only the title did). */
export interface ChatSearchHit {
  id: string;
  match: { messageId: string; snippet: string } | null;
}

type Db = Pick<ChatDb, '$queryRaw'>;
type Found = { id: string; updatedAt: Date };

/**
 * How many of the caller's newest chats phase 1 checks one by one. Each check reads at most that
 * chat's messages, so phase 1 costs at most RECENT_WINDOW chats' worth of rows, whatever the word.
 */
export const RECENT_WINDOW = 50;

/**
 * The caller's chats whose title or any message matches, newest activity first, from the cursor
 * on, at most `take`. The cost is bounded by the caller's own data, never by other users' rows
 * (issue 12), in two phases:
 *
 * 1. the caller's RECENT_WINDOW newest chats, each checked through its own messages
 *    ("Message_chatId_createdAt_idx"): cheap whatever the word, and enough when the word is common;
 * 2. only when that found fewer than `take` and the caller has older chats: the chats older than
 *    that window, found through the indexes of the caller's matching rows ("Chat_userId_search_idx",
 *    "Message_userId_search_idx", GIN over (owner, words)): cheap when the word is rare in the
 *    caller's history, which is exactly when phase 1 did not fill the page.
 *
 * Phase 2 starts strictly after the last chat of phase 1's window, so the two never overlap and
 * their concatenation is in order.
 */
export async function searchChats(db: Db, search: ChatSearch): Promise<ChatSearchHit[]> {
  const found = await findMatchingChats(db, search);
  const matches = await newestMatchingMessages(db, search.tsQuery, found.map((chat) => chat.id));
  return found.map((chat) => ({ id: chat.id, match: matches.get(chat.id) ?? null }));
}

async function findMatchingChats(db: Db, search: ChatSearch): Promise<Found[]> {
  const recent = await searchRecentChats(db, search);
  if (recent.hits.length >= search.take || !recent.olderChatsAfter) return recent.hits;
  const older = await searchOlderChats(db, {
    ...search,
    after: recent.olderChatsAfter,
    take: search.take - recent.hits.length,
  });
  return [...recent.hits, ...older];
}

// "updatedAt" is timestamp(3) without time zone holding UTC: compare against a UTC literal, not a
// parameter whose zone would follow the session's TimeZone.
const utc = (date: Date) => date.toISOString().replace('Z', '');
const afterCursor = (after: ChatCursor | undefined) =>
  after ? Prisma.sql`AND (c."updatedAt", c."id") < (${utc(after.updatedAt)}::timestamp(3), ${after.id})` : Prisma.empty;

/** Phase 1: the matches among the caller's newest chats, and the window's last chat. */
async function searchRecentChats(
  db: Db,
  search: ChatSearch,
): Promise<{ hits: Found[]; olderChatsAfter?: ChatCursor }> {
  const rows = await db.$queryRaw<Array<Found & { hit: boolean; windowSize: number }>>`
    WITH recent AS MATERIALIZED (
      SELECT c."id", c."updatedAt", c."search"
      FROM "Chat" c
      WHERE c."userId" = ${search.userId} AND c."archived" = ${search.archived} ${afterCursor(search.after)}
      ORDER BY c."updatedAt" DESC, c."id" DESC
      LIMIT ${RECENT_WINDOW}
    )
    (
      SELECT r."id", r."updatedAt", true AS hit, 0 AS "windowSize"
      FROM recent r
      -- A LATERAL … LIMIT 1 rather than EXISTS: the planner may turn an EXISTS into one hashed scan
      -- of every user's messages that match (the very problem of issue 12); this it must run per chat.
      LEFT JOIN LATERAL (
        SELECT true AS found FROM "Message" m
        WHERE m."chatId" = r."id" AND m."search" @@ to_tsquery('simple', ${search.tsQuery})
        LIMIT 1
      ) AS message ON true
      WHERE r."search" @@ to_tsquery('simple', ${search.tsQuery}) OR message.found
      ORDER BY r."updatedAt" DESC, r."id" DESC
      LIMIT ${search.take}
    )
    UNION ALL
    (
      SELECT r."id", r."updatedAt", false, (SELECT count(*)::int FROM recent)
      FROM recent r
      ORDER BY r."updatedAt" ASC, r."id" ASC
      LIMIT 1
    )`;
  const last = rows.find((row) => !row.hit);
  return {
    hits: rows.filter((row) => row.hit),
    // A full window means the caller may have older chats; a shorter one held all that are left.
    olderChatsAfter:
      last && last.windowSize >= RECENT_WINDOW ? { updatedAt: last.updatedAt, id: last.id } : undefined,
  };
}

/** Phase 2: matches among the caller's chats older than `after`, through the owner's GIN indexes. */
async function searchOlderChats(db: Db, search: ChatSearch): Promise<Found[]> {
  return db.$queryRaw<Found[]>`
    SELECT c."id", c."updatedAt"
    FROM "Chat" c
    WHERE c."id" IN (
        SELECT t."id" FROM "Chat" t
        WHERE t."userId" = ${search.userId} AND t."search" @@ to_tsquery('simple', ${search.tsQuery})
        UNION
        SELECT m."chatId" FROM "Message" m
        WHERE m."userId" = ${search.userId} AND m."search" @@ to_tsquery('simple', ${search.tsQuery})
      )
      AND c."userId" = ${search.userId} AND c."archived" = ${search.archived} ${afterCursor(search.after)}
    ORDER BY c."updatedAt" DESC, c."id" DESC
    LIMIT ${search.take}`;
}

/** For each chat, its newest matching message with a plain-text excerpt around the match. */
async function newestMatchingMessages(
  db: Db,
  tsQuery: string,
  chatIds: string[],
): Promise<Map<string, { messageId: string; snippet: string }>> {
  if (chatIds.length === 0) return new Map();
  const rows = await db.$queryRaw<Array<{ chatId: string; messageId: string; snippet: string }>>`
    SELECT hit."chatId", hit."id" AS "messageId",
           ts_headline('simple', hit."content", to_tsquery('simple', ${tsQuery}),
                       'MaxWords=24, MinWords=10, ShortWord=0, StartSel="", StopSel=""') AS snippet
    FROM unnest(${chatIds}::text[]) AS chat("id")
    CROSS JOIN LATERAL (
      SELECT m."id", m."chatId", m."content"
      FROM "Message" m
      WHERE m."chatId" = chat."id" AND m."search" @@ to_tsquery('simple', ${tsQuery})
      ORDER BY m."createdAt" DESC, m."id" DESC
      LIMIT 1
    ) AS hit`;
  return new Map(rows.map((row) => [row.chatId, { messageId: row.messageId, snippet: row.snippet }]));
}
