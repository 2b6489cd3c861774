import type { McpServer, PrismaClient } from './generated/prisma/client';

/** An McpServer row as the services that call its tools need it. */
export type McpServerRecord = Pick<
  McpServer,
  | 'id'
  | 'label'
  | 'transport'
  | 'url'
  | 'command'
  | 'args'
  | 'headersEncrypted'
  | 'enabled'
  | 'isDemo'
  | 'tools'
>;

/**
 * The enabled MCP servers among `ids`, for chat-service and provider-worker. admin-service owns the
 * table; this is a read across services, so it goes through `$queryRaw` like readProviderSettings.
 */
export function readMcpServers(
  db: Pick<PrismaClient, '$queryRaw'>,
  ids?: readonly string[],
): Promise<McpServerRecord[]> {
  if (ids !== undefined && ids.length === 0) return Promise.resolve([]);
  return ids === undefined
    ? db.$queryRaw<McpServerRecord[]>`
        SELECT "id", "label", "transport", "url", "command", "args", "headersEncrypted", "enabled", "isDemo", "tools"
        FROM "McpServer" WHERE "enabled" ORDER BY "createdAt" ASC, "id" ASC`
    : db.$queryRaw<McpServerRecord[]>`
        SELECT "id", "label", "transport", "url", "command", "args", "headersEncrypted", "enabled", "isDemo", "tools"
        FROM "McpServer" WHERE "enabled" AND "id" = ANY(${[...ids]}::text[]) ORDER BY "createdAt" ASC, "id" ASC`;
}

/** The admin's search endpoint for the built-in web search, or null when it is off. */
export async function readWebSearchUrl(db: Pick<PrismaClient, '$queryRaw'>): Promise<string | null> {
  const rows = await db.$queryRaw<Array<{ webSearchUrl: string | null }>>`
    SELECT "webSearchUrl" FROM "ToolSettings" WHERE "id" = 'default'`;
  return rows[0]?.webSearchUrl ?? null;
}
