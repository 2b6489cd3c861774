import {
  AppError,
  isId,
  MAX_MCP_SERVERS,
  newId,
  type CreateMcpServerRequest,
  type McpServerList,
  type McpServerView,
  type ToolSettingsUpdate,
  type ToolSettingsView,
  type UpdateMcpServerRequest,
} from '@vivier/contracts';
import type { AdminDb, McpServer, Prisma } from '@vivier/db';
import type { SecretBox } from '@vivier/providers';
import type { Logger } from '@vivier/service-kit';
import { openMcpSession, type McpToolInfo } from '@vivier/tools';
import { auditRow } from './audit-log';
import type { BaseUrlCheck } from './base-url-check';

const notFound = () => new AppError('NOT_FOUND', 'MCP server not found');
const TOOL_SETTINGS_ID = 'default';

export interface McpAdminOptions {
  allowStdio: boolean;
  connectTimeoutMs: number;
  /** The egress guard: listing a server's tools connects to it. */
  fetch: typeof fetch;
}

function toView(row: McpServer): McpServerView {
  const tools = Array.isArray(row.tools) ? (row.tools as unknown as McpToolInfo[]) : [];
  return {
    id: row.id,
    label: row.label,
    transport: row.transport === 'stdio' ? 'stdio' : 'http',
    url: row.url,
    command: row.command,
    args: row.args,
    headerNames: row.headerNames,
    enabled: row.enabled,
    isDemo: row.isDemo,
    tools: tools.map((tool) => ({ name: tool.name, description: tool.description })),
    toolsRefreshedAt: row.toolsRefreshedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** What the audit trail keeps of a server: never the header values. */
const snapshot = (row: McpServer) => ({
  label: row.label,
  transport: row.transport,
  url: row.url,
  command: row.command,
  args: row.args,
  headerNames: row.headerNames,
  enabled: row.enabled,
});

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { details: [{ path, message }] });
}

/**
 * MCP servers and the web search endpoint (admin-service owns McpServer and ToolSettings). Header
 * values are sealed with the secret box like provider keys; every change is audited in the same
 * transaction; URLs pass the egress guard before they are stored.
 */
export function createMcpServerService(deps: {
  db: Pick<AdminDb, 'mcpServer' | 'toolSettings' | 'auditLog' | '$transaction'>;
  secretBox: SecretBox;
  checkUrl: BaseUrlCheck;
  options: McpAdminOptions;
  logger: Logger;
}) {
  const { db } = deps;

  async function find(id: string): Promise<McpServer> {
    if (!isId('mcpServer', id)) throw notFound();
    const row = await db.mcpServer.findUnique({ where: { id } });
    if (!row) throw notFound();
    return row;
  }

  async function assertUrlAllowed(path: string, url: string): Promise<void> {
    const refused = await deps.checkUrl(url);
    if (refused) throw invalid(path, refused);
  }

  function sealHeaders(headers: Record<string, string>): {
    headersEncrypted: string | null;
    headerNames: string[];
  } {
    const names = Object.keys(headers).sort();
    return {
      headersEncrypted: names.length > 0 ? deps.secretBox.encrypt(JSON.stringify(headers)) : null,
      headerNames: names,
    };
  }

  /** Connects and lists the tools; a server that cannot be reached keeps the tools it had. */
  async function listToolsOf(row: McpServer): Promise<McpToolInfo[] | undefined> {
    try {
      const session = await openMcpSession(
        {
          ...row,
          headers: row.headersEncrypted
            ? (JSON.parse(deps.secretBox.decrypt(row.headersEncrypted)) as Record<string, string>)
            : {},
        },
        {
          fetch: deps.options.fetch,
          allowStdio: deps.options.allowStdio,
          timeoutMs: deps.options.connectTimeoutMs,
        },
      );
      try {
        return await session.listTools();
      } finally {
        await session.close();
      }
    } catch (error) {
      deps.logger.info({ err: error, mcpServerId: row.id }, 'could not list the MCP server’s tools');
      return undefined;
    }
  }

  async function write(
    actorId: string,
    action: string,
    before: McpServer | null,
    change: (tx: Pick<AdminDb, 'mcpServer'>) => Promise<McpServer | null>,
  ): Promise<McpServer | null> {
    return db.$transaction(async (tx) => {
      const after = await change(tx);
      await tx.auditLog.createMany({
        data: [
          auditRow({
            actorId,
            action,
            targetType: 'mcp-server',
            targetId: (after ?? before)?.id ?? '',
            before: before ? snapshot(before) : null,
            after: after ? snapshot(after) : null,
          }),
        ],
      });
      return after;
    });
  }

  async function storeTools(row: McpServer, tools: McpToolInfo[]): Promise<McpServer> {
    return db.mcpServer.update({
      where: { id: row.id },
      data: { tools: tools as unknown as Prisma.InputJsonValue, toolsRefreshedAt: new Date() },
    });
  }

  return {
    async listServers(): Promise<McpServerList> {
      const rows = await db.mcpServer.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      return { items: rows.map(toView) };
    },

    async createServer(actorId: string, input: CreateMcpServerRequest): Promise<McpServerView> {
      if (input.transport === 'stdio' && !deps.options.allowStdio) {
        throw invalid(
          'transport',
          'stdio MCP servers are not allowed here (the operator can set MCP_ALLOW_STDIO=true)',
        );
      }
      if (input.transport === 'http') await assertUrlAllowed('url', input.url);
      if ((await db.mcpServer.count()) >= MAX_MCP_SERVERS) {
        throw new AppError('CONFLICT', `At most ${MAX_MCP_SERVERS} MCP servers can be registered`);
      }
      const created = await write(actorId, 'mcp-server.create', null, (tx) =>
        tx.mcpServer.create({
          data: {
            id: newId('mcpServer'),
            label: input.label,
            transport: input.transport,
            ...(input.transport === 'http'
              ? { url: input.url, ...sealHeaders(input.headers ?? {}) }
              : { command: input.command, args: input.args }),
          },
        }),
      );
      const row = created!;
      const tools = await listToolsOf(row);
      return toView(tools ? await storeTools(row, tools) : row);
    },

    async updateServer(actorId: string, id: string, patch: UpdateMcpServerRequest): Promise<McpServerView> {
      const before = await find(id);
      if (patch.url !== undefined) await assertUrlAllowed('url', patch.url);
      const updated = await write(actorId, 'mcp-server.update', before, (tx) =>
        tx.mcpServer.update({
          where: { id },
          data: {
            ...(patch.label === undefined ? {} : { label: patch.label }),
            ...(patch.url === undefined ? {} : { url: patch.url }),
            ...(patch.command === undefined ? {} : { command: patch.command }),
            ...(patch.args === undefined ? {} : { args: patch.args }),
            ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
            ...(patch.headers === undefined ? {} : sealHeaders(patch.headers ?? {})),
          },
        }),
      );
      return toView(updated!);
    },

    async deleteServer(actorId: string, id: string): Promise<void> {
      const before = await find(id);
      await write(actorId, 'mcp-server.delete', before, async (tx) => {
        await tx.mcpServer.delete({ where: { id } });
        return null;
      });
    },

    /** Asks the server for its tools again (what users can turn on is what it answered). */
    async refreshTools(actorId: string, id: string): Promise<McpServerView> {
      const row = await find(id);
      const tools = await listToolsOf(row);
      if (!tools)
        throw new AppError('UPSTREAM_UNAVAILABLE', `Could not reach ${row.label} to list its tools`);
      const updated = await db.$transaction(async (tx) => {
        const stored = await tx.mcpServer.update({
          where: { id },
          data: { tools: tools as unknown as Prisma.InputJsonValue, toolsRefreshedAt: new Date() },
        });
        await tx.auditLog.createMany({
          data: [
            auditRow({
              actorId,
              action: 'mcp-server.refresh-tools',
              targetType: 'mcp-server',
              targetId: id,
              before: { tools: toView(row).tools.map((tool) => tool.name) },
              after: { tools: tools.map((tool) => tool.name) },
            }),
          ],
        });
        return stored;
      });
      return toView(updated);
    },

    async getToolSettings(): Promise<ToolSettingsView> {
      const row = await db.toolSettings.findUnique({ where: { id: TOOL_SETTINGS_ID } });
      return { webSearchUrl: row?.webSearchUrl ?? null };
    },

    async updateToolSettings(actorId: string, input: ToolSettingsUpdate): Promise<ToolSettingsView> {
      if (input.webSearchUrl !== null) await assertUrlAllowed('webSearchUrl', input.webSearchUrl);
      const before = await db.toolSettings.findUnique({ where: { id: TOOL_SETTINGS_ID } });
      await db.$transaction(async (tx) => {
        await tx.toolSettings.upsert({
          where: { id: TOOL_SETTINGS_ID },
          create: { id: TOOL_SETTINGS_ID, webSearchUrl: input.webSearchUrl },
          update: { webSearchUrl: input.webSearchUrl },
        });
        await tx.auditLog.createMany({
          data: [
            auditRow({
              actorId,
              action: 'tool-settings.update',
              targetType: 'settings',
              targetId: 'tools',
              before: { webSearchUrl: before?.webSearchUrl ?? null },
              after: { webSearchUrl: input.webSearchUrl },
            }),
          ],
        });
      });
      return { webSearchUrl: input.webSearchUrl };
    },
  };
}

export type McpServerService = ReturnType<typeof createMcpServerService>;
