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

/**
 * Ids of the caller's chats whose title or any message matches, newest activity first, through
 * the generated tsvector columns and their GIN indexes (see the init migration).
 */
export async function searchChatIds(db: Pick<ChatDb, '$queryRaw'>, search: ChatSearch): Promise<string[]> {
  // "updatedAt" is timestamp(3) without time zone holding UTC: compare against a UTC literal, not
  // a parameter whose zone would follow the session's TimeZone.
  const after = search.after
    ? Prisma.sql`AND (c."updatedAt", c."id") < (${search.after.updatedAt.toISOString().replace('Z', '')}::timestamp(3), ${search.after.id})`
    : Prisma.empty;
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT c."id"
    FROM "Chat" c
    WHERE c."userId" = ${search.userId}
      AND c."archived" = ${search.archived}
      AND (
        c."search" @@ to_tsquery('simple', ${search.tsQuery})
        OR EXISTS (
          SELECT 1 FROM "Message" m
          WHERE m."chatId" = c."id" AND m."search" @@ to_tsquery('simple', ${search.tsQuery})
        )
      )
      ${after}
    ORDER BY c."updatedAt" DESC, c."id" DESC
    LIMIT ${search.take}`;
  return rows.map((row) => row.id);
}
