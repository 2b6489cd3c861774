import { Prisma, type ChatDb, sqlUtc } from '@vivier/db';
import type { ChatCursor } from '../lib/chat-cursor';

/** Narrowing of the chat list and search beyond owner and archive state (see `chatFilterSql`). */
export interface ChatFilter {
  /** A folder's chats; null: those in no folder; undefined: any. */
  folderId?: string | null;
  tag?: string;
  pinned?: boolean;
}

export interface ChatSearch extends ChatFilter {
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
/** A matching chat as the queries return it, with its newest matching message (null: the title). */
type Found = { id: string; updatedAt: Date; messageId: string | null; snippet: string | null };

/** How many of the caller's newest chats phase 1 checks one by one (see `searchChats`). */
export const RECENT_WINDOW = 50;
/** Phase 1 goes on past its first window only while at least this share of chats matched… */
const WALK_ON_DENSITY = 0.1;
/** …and never checks more than this many chats in all. */
const MAX_WALK = 400;

/**
 * The caller's chats whose title or any message matches, newest activity first, from the cursor
 * on, at most `take`, each with its newest matching message. The cost is bounded by the caller's
 * own data, never by other users' rows (issue 12). Two phases:
 *
 * 1. walk the caller's newest chats (RECENT_WINDOW of them), checking each through its own
 *    messages ("Message_chatId_createdAt_idx"). Cheap whatever the word, and enough when the word
 *    is common. While the page is not full but at least WALK_ON_DENSITY of the chats so far
 *    matched, walk on, as far as that density says the page needs (MAX_WALK chats in all).
 * 2. otherwise — the word is rare in the caller's recent chats — look up the older chats through
 *    the indexes of the caller's matching rows ("Chat_owner_search_idx", "Message_owner_search_idx").
 *    Its cost grows with the caller's matching rows, which are few exactly when phase 1 found few.
 *
 * Each step starts strictly after the last chat the previous one looked at, so the steps never
 * overlap and their concatenation is in order.
 */
export async function searchChats(db: Db, search: ChatSearch): Promise<ChatSearchHit[]> {
  const found = await findMatchingChats(db, search);
  return found.map((chat) => ({
    id: chat.id,
    match: chat.messageId === null ? null : { messageId: chat.messageId, snippet: chat.snippet ?? '' },
  }));
}

async function findMatchingChats(db: Db, search: ChatSearch): Promise<Found[]> {
  const found: Found[] = [];
  let after = search.after;
  let checked = 0;
  let window = RECENT_WINDOW;
  for (;;) {
    const step = await walkNewestChats(db, { ...search, after, take: search.take - found.length }, window);
    found.push(...step.hits);
    checked += window;
    // Done: the page is full, or the walk reached the caller's oldest chat.
    if (found.length >= search.take || !step.lastChecked) return found;
    after = step.lastChecked;
    const density = found.length / checked;
    if (density < WALK_ON_DENSITY || checked >= MAX_WALK) break;
    // Twice as far as the density so far says the rest of the page needs.
    const needed = Math.ceil(((search.take - found.length) / density) * 2);
    window = Math.min(MAX_WALK - checked, Math.max(RECENT_WINDOW, needed));
  }
  return [...found, ...(await searchOlderChats(db, { ...search, after, take: search.take - found.length }))];
}

/**
 * Temporary chats are never found; the filters are plain conditions on the caller's chats, so the
 * walk stays on the caller's own rows. With `folderId` the planner takes the folder's own index
 * ("Chat_folderId_updatedAt_id_idx"), which is in the walk's order.
 */
const chatFilterSql = (filter: ChatFilter) =>
  Prisma.sql`AND NOT c."temporary" ${
    filter.folderId === undefined
      ? Prisma.empty
      : filter.folderId === null
        ? Prisma.sql`AND c."folderId" IS NULL`
        : Prisma.sql`AND c."folderId" = ${filter.folderId}`
  } ${filter.tag === undefined ? Prisma.empty : Prisma.sql`AND c."tags" @> ARRAY[${filter.tag}]::text[]`} ${
    filter.pinned === undefined ? Prisma.empty : Prisma.sql`AND c."pinned" = ${filter.pinned}`
  }`;

const afterCursor = (after: ChatCursor | undefined) =>
  after
    ? Prisma.sql`AND (c."updatedAt", c."id") < (${sqlUtc(after.updatedAt)}::timestamp(3), ${after.id})`
    : Prisma.empty;

/**
 * A message of a given chat matches: ts_match_vq is the function behind @@, which the planner
 * cannot turn into a scan of "Message_search_idx". It must not: that index holds the word for all
 * users (2,000 rows for a rare word at 10M messages, read again for every chat), while a chat's
 * own messages are a few rows away through "Message_chatId_createdAt_idx".
 */
const matches = (tsQuery: string) => Prisma.sql`ts_match_vq(m."search", to_tsquery('simple', ${tsQuery}))`;

/**
 * `chats` (a query of "id" and "updatedAt"), each with its newest matching message and a plain-text
 * excerpt around the matching words, in the same order.
 */
const withNewestMatch = (chats: Prisma.Sql, tsQuery: string) => Prisma.sql`
  SELECT chat."id", chat."updatedAt", hit."id" AS "messageId",
         ts_headline('simple', hit."content", to_tsquery('simple', ${tsQuery}),
                     'MaxFragments=1, MaxWords=20, MinWords=10, ShortWord=0, StartSel="", StopSel=""') AS snippet
  FROM (${chats}) AS chat
  LEFT JOIN LATERAL (
    SELECT m."id", m."content"
    FROM "Message" m
    WHERE m."chatId" = chat."id" AND ${matches(tsQuery)}
    ORDER BY m."createdAt" DESC, m."id" DESC
    LIMIT 1
  ) AS hit ON true
  ORDER BY chat."updatedAt" DESC, chat."id" DESC`;

/**
 * Phase 1: the matches among the caller's next `window` chats after the cursor, and the last chat
 * looked at when the caller may have more (the window was full), to go on from.
 */
async function walkNewestChats(
  db: Db,
  search: ChatSearch,
  window: number,
): Promise<{ hits: Found[]; lastChecked?: ChatCursor }> {
  const hits = Prisma.sql`
    SELECT r."id", r."updatedAt"
    FROM recent r
    -- A LATERAL … LIMIT 1 rather than EXISTS: the planner may turn an EXISTS into one hashed scan
    -- of every user's messages that match (the very problem of issue 12); this it must run per chat.
    LEFT JOIN LATERAL (
      SELECT true AS found FROM "Message" m
      WHERE m."chatId" = r."id" AND ${matches(search.tsQuery)}
      LIMIT 1
    ) AS message ON true
    WHERE r."search" @@ to_tsquery('simple', ${search.tsQuery}) OR message.found
    ORDER BY r."updatedAt" DESC, r."id" DESC
    LIMIT ${search.take}`;
  const rows = await db.$queryRaw<Array<Found & { hit: boolean; windowSize: number }>>`
    WITH recent AS MATERIALIZED (
      SELECT c."id", c."updatedAt", c."search"
      FROM "Chat" c
      WHERE c."userId" = ${search.userId} AND c."archived" = ${search.archived} ${afterCursor(search.after)}
        ${chatFilterSql(search)}
      ORDER BY c."updatedAt" DESC, c."id" DESC
      LIMIT ${window}
    )
    (SELECT found.*, true AS hit, 0 AS "windowSize" FROM (${withNewestMatch(hits, search.tsQuery)}) AS found)
    UNION ALL
    (
      SELECT r."id", r."updatedAt", NULL, NULL, false, (SELECT count(*)::int FROM recent)
      FROM recent r
      ORDER BY r."updatedAt" ASC, r."id" ASC
      LIMIT 1
    )`;
  const last = rows.find((row) => !row.hit);
  return {
    hits: rows
      .filter((row) => row.hit)
      .map(({ id, updatedAt, messageId, snippet }) => ({ id, updatedAt, messageId, snippet })),
    // A full window: the caller may have older chats. A shorter one held all that are left.
    lastChecked: last && last.windowSize >= window ? { updatedAt: last.updatedAt, id: last.id } : undefined,
  };
}

/**
 * Phase 2: matches among the caller's chats older than `after`, through the GIN indexes over
 * owner_search("userId", "search") (migrations 20261206190000_message_owner and
 * 20261206190500_owner_matching_chats): their posting lists hold one owner's rows for one word, so
 * this reads only the caller's matching rows.
 */
async function searchOlderChats(db: Db, search: ChatSearch): Promise<Found[]> {
  const older = Prisma.sql`
    SELECT c."id", c."updatedAt"
    FROM "Chat" c
    WHERE c."id" IN (SELECT owner_matching_chats(${search.userId}, to_tsquery('simple', ${search.tsQuery})))
      AND c."userId" = ${search.userId} AND c."archived" = ${search.archived} ${afterCursor(search.after)}
      ${chatFilterSql(search)}
    ORDER BY c."updatedAt" DESC, c."id" DESC
    LIMIT ${search.take}`;
  return db.$queryRaw<Found[]>(withNewestMatch(older, search.tsQuery));
}
