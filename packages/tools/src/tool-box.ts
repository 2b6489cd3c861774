import { WEB_SEARCH_TOOL_NAME } from '@vivier/contracts';
import type { ToolDefinition } from '@vivier/providers';
import { boundText } from './bounded-text';
import { openMcpSession, type McpServerConnection, type McpSession } from './mcp-session';
import { uniqueToolName } from './tool-names';
import { formatSources, searchWeb, type WebSource } from './web-search';

export interface ToolBoxOptions {
  servers: McpServerConnection[];
  /** The admin's search endpoint when the chat turned web search on; null leaves it out. */
  webSearchUrl: string | null;
  /** The egress guard. */
  fetch: typeof fetch;
  allowStdio: boolean;
  connectTimeoutMs: number;
  callTimeoutMs: number;
  maxOutputChars: number;
  /** A server that cannot be reached is left out of the chat's tools, and reported here. */
  onUnavailable?: (server: McpServerConnection, error: unknown) => void;
}

export interface ToolRun {
  content: string;
  isError: boolean;
  /** Web pages the result quotes, numbered from the `firstSourceIndex` given to `run`. */
  sources: WebSource[];
}

export interface ToolBox {
  definitions: ToolDefinition[];
  /** The MCP server (label) or `web search` behind a tool name, for logs and the UI. */
  sourceOf(name: string): string | undefined;
  run(
    call: { name: string; arguments: Record<string, unknown> },
    options: { signal: AbortSignal; firstSourceIndex: number },
  ): Promise<ToolRun>;
  close(): Promise<void>;
}

const WEB_SEARCH_TOOL: ToolDefinition = {
  name: WEB_SEARCH_TOOL_NAME,
  description:
    'Searches the web and returns the top pages as numbered sources. Cite them in the answer as [1], [2].',
  parameters: {
    type: 'object',
    properties: { query: { type: 'string', description: 'What to search for' } },
    required: ['query'],
  },
};

type Runner = (
  args: Record<string, unknown>,
  options: { signal: AbortSignal; firstSourceIndex: number },
) => Promise<ToolRun>;

function failure(message: string): ToolRun {
  return { content: message, isError: true, sources: [] };
}

/**
 * The tools one generation may call: the chat's MCP servers' tools (listed live, so a server's
 * change shows at once) and web search. Each call is bounded in time and output; a failing tool
 * is an error result the model reads, never a failed answer.
 */
export async function openToolBox(options: ToolBoxOptions): Promise<ToolBox> {
  const definitions: ToolDefinition[] = [];
  const runners = new Map<string, Runner>();
  const sources = new Map<string, string>();
  const sessions: McpSession[] = [];
  const taken = new Set<string>();

  const opened = await Promise.all(
    options.servers.map(async (server) => {
      try {
        const session = await openMcpSession(server, {
          fetch: options.fetch,
          allowStdio: options.allowStdio,
          timeoutMs: options.connectTimeoutMs,
        });
        sessions.push(session);
        return { server, session, tools: await session.listTools() };
      } catch (error) {
        options.onUnavailable?.(server, error);
        return null;
      }
    }),
  );
  for (const entry of opened) {
    if (!entry) continue;
    for (const tool of entry.tools) {
      const name = uniqueToolName(tool.name, taken);
      taken.add(name);
      definitions.push({ name, description: tool.description, parameters: tool.inputSchema });
      sources.set(name, entry.server.label);
      runners.set(name, async (args, { signal }) => {
        const output = await entry.session.callTool(tool.name, args, {
          signal,
          timeoutMs: options.callTimeoutMs,
        });
        return { ...output, sources: [] };
      });
    }
  }

  const { webSearchUrl } = options;
  if (webSearchUrl !== null) {
    const name = uniqueToolName(WEB_SEARCH_TOOL.name, taken);
    taken.add(name);
    definitions.push({ ...WEB_SEARCH_TOOL, name });
    sources.set(name, 'web search');
    runners.set(name, async (args, { signal, firstSourceIndex }) => {
      const query = typeof args.query === 'string' ? args.query.trim() : '';
      if (!query) return failure('web_search needs a "query" string.');
      const found = await searchWeb(query, {
        searchUrl: webSearchUrl,
        fetch: options.fetch,
        signal: AbortSignal.any([signal, AbortSignal.timeout(options.callTimeoutMs)]),
        requestTimeoutMs: options.callTimeoutMs,
      });
      return { content: formatSources(found, firstSourceIndex), isError: false, sources: found };
    });
  }

  return {
    definitions,
    sourceOf: (name) => sources.get(name),
    async run(call, runOptions) {
      const runner = runners.get(call.name);
      if (!runner) return failure(`There is no tool named ${call.name}.`);
      try {
        const result = await runner(call.arguments, runOptions);
        return { ...result, content: boundText(result.content, options.maxOutputChars) };
      } catch (error) {
        if (runOptions.signal.aborted) throw error;
        const message = error instanceof Error ? error.message : String(error);
        return failure(`The tool ${call.name} failed: ${boundText(message, 500)}`);
      }
    },
    async close() {
      await Promise.all(sessions.map((session) => session.close()));
    },
  };
}
