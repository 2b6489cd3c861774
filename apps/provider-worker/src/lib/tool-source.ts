import { DEMO_MCP_SERVER_ID, type ChatToolSettings } from '@vivier/contracts';
import { readMcpServers, readWebSearchUrl, type ChatDb } from '@vivier/db';
import type { SecretBox } from '@vivier/providers';
import type { Logger } from '@vivier/service-kit';
import { demoMcpServer, openToolBox, type McpServerConnection, type ToolBox } from '@vivier/tools';

export interface ToolLimits {
  allowStdio: boolean;
  connectTimeoutMs: number;
  callTimeoutMs: number;
  maxOutputChars: number;
  /** Rounds of tool calls in one answer. */
  maxRounds: number;
  approvalTimeoutMs: number;
}

export interface ToolSource {
  limits: ToolLimits;
  /** The tools a chat turned on, connected; null when it turned none on (or none is available). */
  open(settings: ChatToolSettings | undefined, log: Logger): Promise<ToolBox | null>;
}

function decryptHeaders(box: SecretBox, sealed: string | null, log: Logger): Record<string, string> {
  if (!sealed) return {};
  try {
    return JSON.parse(box.decrypt(sealed)) as Record<string, string>;
  } catch (error) {
    // A key rotated without re-saving the server: call it without headers (it will likely refuse).
    log.warn({ err: error }, 'could not decrypt an MCP server’s headers');
    return {};
  }
}

export function createToolSource(deps: {
  db: Pick<ChatDb, '$queryRaw'>;
  secretBox: SecretBox;
  /** The egress guard. */
  fetch: typeof fetch;
  limits: ToolLimits;
  /** DEMO_MCP_URL: the Offline demo's MCP server. */
  demoMcpUrl?: string;
}): ToolSource {
  const { limits } = deps;
  return {
    limits,
    async open(settings, log) {
      if (!settings || (settings.mcpServerIds.length === 0 && !settings.webSearch)) return null;
      const [rows, webSearchUrl] = await Promise.all([
        readMcpServers(deps.db, settings.mcpServerIds),
        settings.webSearch ? readWebSearchUrl(deps.db) : Promise.resolve(null),
      ]);
      const servers: McpServerConnection[] = rows.map((row) => ({
        id: row.id,
        label: row.label,
        transport: row.transport,
        url: row.url,
        command: row.command,
        args: row.args,
        headers: decryptHeaders(deps.secretBox, row.headersEncrypted, log),
      }));
      if (deps.demoMcpUrl && settings.mcpServerIds.includes(DEMO_MCP_SERVER_ID)) {
        servers.unshift(demoMcpServer(deps.demoMcpUrl));
      }
      const box = await openToolBox({
        servers,
        webSearchUrl,
        fetch: deps.fetch,
        allowStdio: limits.allowStdio,
        connectTimeoutMs: limits.connectTimeoutMs,
        callTimeoutMs: limits.callTimeoutMs,
        maxOutputChars: limits.maxOutputChars,
        onUnavailable: (server, error) =>
          log.warn({ err: error, mcpServerId: server.id }, 'MCP server unavailable; its tools are left out'),
      });
      if (box.definitions.length > 0) return box;
      await box.close();
      return null;
    },
  };
}
