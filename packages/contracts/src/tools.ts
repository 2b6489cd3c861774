import { z } from 'zod';
import { text } from './common';
import { idSchema } from './id-schema';

// ─── a chat's tools ─────────────────────────────────────────────────────────────────────────

export const MAX_CHAT_MCP_SERVERS = 20;

/** `settings.tools` of a chat: which tools its model may call, and whether each call is confirmed. */
export const ChatToolSettings = z.object({
  /** MCP servers (registered by an admin) whose tools are offered. */
  mcpServerIds: z.array(idSchema('mcpServer')).max(MAX_CHAT_MCP_SERVERS).default([]),
  /** The built-in web search (when the admin set a search URL). */
  webSearch: z.boolean().default(false),
  /** Each call waits for the user's yes or no (a timeout says no). */
  requireApproval: z.boolean().default(false),
});
export type ChatToolSettings = z.infer<typeof ChatToolSettings>;

/**
 * A tool call an assistant message made, stored with the message and replayed to the model on
 * later turns. `offset`: how much of the message's content was written before the call.
 */
export const ToolCallRecord = z.object({
  callId: z.string(),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  content: z.string(),
  isError: z.boolean(),
  offset: z.number().int().min(0),
  /** The numbered web sources a search returned (the `citation` frames it sent), kept to show them later. */
  citations: z
    .array(
      z.object({ index: z.number().int().min(1), url: z.string(), title: z.string(), excerpt: z.string() }),
    )
    .optional(),
});
export type ToolCallRecord = z.infer<typeof ToolCallRecord>;

export const WEB_SEARCH_TOOL_NAME = 'web_search';

/** The Offline demo's MCP server (`npm start` runs it when no provider key is set; DEMO_MCP_URL). */
export const DEMO_MCP_SERVER_ID = 'mcp_0000000000000000demo';
export const DEMO_MCP_SERVER_LABEL = 'Demo tools (Offline demo)';

export const ToolSummary = z.object({ name: z.string(), description: z.string() });
export type ToolSummary = z.infer<typeof ToolSummary>;

/** `GET /api/tools`: what a user can turn on in a chat. */
export const AvailableTools = z.object({
  mcpServers: z.array(
    z.object({ id: z.string(), label: z.string(), isDemo: z.boolean(), tools: z.array(ToolSummary) }),
  ),
  webSearch: z.boolean(),
});
export type AvailableTools = z.infer<typeof AvailableTools>;

/** `POST /api/generations/:id/tool-approval`: the user's answer to a call waiting for confirmation. */
export const ToolApprovalRequest = z.object({ callId: z.string().min(1).max(200), approved: z.boolean() });
export type ToolApprovalRequest = z.infer<typeof ToolApprovalRequest>;

// ─── admin: MCP servers and web search ──────────────────────────────────────────────────────

export const McpTransport = z.enum(['http', 'stdio']);
export type McpTransport = z.infer<typeof McpTransport>;

export const MAX_MCP_SERVERS = 50;
const MAX_HEADERS = 20;

const label = text(100).refine((value) => value.trim().length > 0, 'must not be empty');
const McpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })
  .max(2048)
  .refine((value) => {
    // Refinements run even when the URL check above failed: never throw here.
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return url.username === '' && url.password === '';
  }, 'must not contain a user name or password (put the secret in headers)');
/** Write-only secrets sent with every request (e.g. `Authorization`); stored encrypted. */
const McpHeaders = z
  .record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'must be a header name'), text(4096))
  .refine((headers) => Object.keys(headers).length <= MAX_HEADERS, `at most ${MAX_HEADERS} headers`);
const StdioCommand = text(1000).refine((value) => value.trim().length > 0, 'must not be empty');
const StdioArgs = z.array(text(1000)).max(50);

export const CreateMcpServerRequest = z.discriminatedUnion('transport', [
  z.object({ transport: z.literal('http'), label, url: McpUrl, headers: McpHeaders.optional() }),
  z.object({ transport: z.literal('stdio'), label, command: StdioCommand, args: StdioArgs.default([]) }),
]);
export type CreateMcpServerRequest = z.infer<typeof CreateMcpServerRequest>;

export const UpdateMcpServerRequest = z
  .object({
    label,
    url: McpUrl,
    /** null removes the stored headers; left out keeps them. */
    headers: McpHeaders.nullable(),
    command: StdioCommand,
    args: StdioArgs,
    enabled: z.boolean(),
  })
  .partial();
export type UpdateMcpServerRequest = z.infer<typeof UpdateMcpServerRequest>;

/** An MCP server as admins see it; the headers' values never leave the server. */
export const McpServerView = z.object({
  id: z.string(),
  label: z.string(),
  transport: McpTransport,
  url: z.string().nullable(),
  command: z.string().nullable(),
  args: z.array(z.string()),
  headerNames: z.array(z.string()),
  enabled: z.boolean(),
  isDemo: z.boolean(),
  tools: z.array(ToolSummary),
  toolsRefreshedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type McpServerView = z.infer<typeof McpServerView>;

export const McpServerList = z.object({ items: z.array(McpServerView) });
export type McpServerList = z.infer<typeof McpServerList>;

/** `GET|PUT /api/admin/tool-settings`. */
export const ToolSettingsView = z.object({ webSearchUrl: z.string().nullable() });
export type ToolSettingsView = z.infer<typeof ToolSettingsView>;
export const ToolSettingsUpdate = z.object({ webSearchUrl: McpUrl.nullable() });
export type ToolSettingsUpdate = z.infer<typeof ToolSettingsUpdate>;
