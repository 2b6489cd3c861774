import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

// The SDK (with ajv, ~550 KB of code) loads on the first session: admin-service, chat-service and
// the worker import this module, and most of them never talk to an MCP server.

/** An MCP server as the tool runner reaches it (headers already decrypted). */
export interface McpServerConnection {
  id: string;
  label: string;
  transport: string;
  url: string | null;
  command: string | null;
  args: string[];
  headers: Record<string, string>;
  /** Instead of the tool box's (guarded) fetch: the operator's own demo server, set by env. */
  fetch?: typeof fetch;
}

export interface McpToolInfo {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

interface ToolOutput {
  content: string;
  isError: boolean;
}

export interface McpSession {
  listTools(): Promise<McpToolInfo[]>;
  callTool(
    name: string,
    args: Record<string, unknown>,
    options: { signal: AbortSignal; timeoutMs: number },
  ): Promise<ToolOutput>;
  close(): Promise<void>;
}

export interface McpSessionOptions {
  /** Every HTTP request goes through it: the egress guard. */
  fetch: typeof fetch;
  /** stdio spawns a command on this host: only where the operator allowed it. */
  allowStdio: boolean;
  /** Connecting and listing must answer within this long. */
  timeoutMs: number;
}

export class McpUnavailableError extends Error {
  override readonly name = 'McpUnavailableError';
}

async function transportFor(server: McpServerConnection, options: McpSessionOptions): Promise<Transport> {
  if (server.transport === 'stdio') {
    if (!options.allowStdio)
      throw new McpUnavailableError('stdio MCP servers are not allowed here (MCP_ALLOW_STDIO)');
    if (!server.command) throw new McpUnavailableError('the stdio MCP server has no command');
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    return new StdioClientTransport({ command: server.command, args: server.args, stderr: 'ignore' });
  }
  if (!server.url) throw new McpUnavailableError('the MCP server has no URL');
  const { StreamableHTTPClientTransport } =
    await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  return new StreamableHTTPClientTransport(new URL(server.url), {
    fetch: server.fetch ?? options.fetch,
    requestInit: { headers: server.headers },
  });
}

type ContentBlock = { type: string; text?: unknown; resource?: { text?: unknown; uri?: unknown } };

/** MCP results are content blocks; the model gets their text (other blocks are named, not sent). */
function resultText(content: ContentBlock[], structured: unknown): string {
  const pieces = content.map((block) => {
    if (block.type === 'text' && typeof block.text === 'string') return block.text;
    if (block.type === 'resource' && typeof block.resource?.text === 'string') return block.resource.text;
    return `[${block.type}]`;
  });
  if (pieces.length === 0 && structured !== undefined) return JSON.stringify(structured);
  return pieces.join('\n');
}

/** One connection to an MCP server through the official SDK's client. */
export async function openMcpSession(
  server: McpServerConnection,
  options: McpSessionOptions,
): Promise<McpSession> {
  const transport = await transportFor(server, options);
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const client = new Client({ name: 'vivier', version: '1.0.0' });
  try {
    await client.connect(transport, { timeout: options.timeoutMs });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new McpUnavailableError(`could not connect to ${server.label}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return {
    async listTools() {
      const tools: McpToolInfo[] = [];
      let cursor: string | undefined;
      // Paged; bounded so a server that keeps answering with a cursor cannot hold the call forever.
      for (let page = 0; page < 20; page += 1) {
        const result = await client.listTools(cursor ? { cursor } : undefined, {
          timeout: options.timeoutMs,
        });
        for (const tool of result.tools) {
          tools.push({
            name: tool.name,
            description: tool.description ?? '',
            inputSchema: tool.inputSchema,
          });
        }
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      return tools;
    },
    async callTool(name, args, { signal, timeoutMs }) {
      const result = await client.callTool({ name, arguments: args }, undefined, {
        signal,
        timeout: timeoutMs,
        // Progress notifications must not keep a slow tool alive past its limit.
        maxTotalTimeout: timeoutMs,
      });
      const content = Array.isArray(result.content) ? (result.content as ContentBlock[]) : [];
      return { content: resultText(content, result.structuredContent), isError: result.isError === true };
    },
    async close() {
      await client.close().catch(() => undefined);
    },
  };
}
