import { z } from 'zod';

const milliseconds = (fallback: number) => z.coerce.number().int().min(10).max(3_600_000).default(fallback);

/** Spread into the env schema of the services that reach MCP servers (admin-service, provider-worker). */
export const toolEnv = {
  /** true: admins may register stdio MCP servers, which run a command on the worker's host. */
  MCP_ALLOW_STDIO: z
    .enum(['true', 'false', '1', '0'])
    .transform((value) => value === 'true' || value === '1')
    .default(false),
  /** Connecting to an MCP server and listing its tools must finish within this long. */
  MCP_CONNECT_TIMEOUT_MS: milliseconds(10_000),
  /** One tool call (an MCP call, a web search with its pages) must finish within this long. */
  TOOL_CALL_TIMEOUT_MS: milliseconds(30_000),
  /** Characters of a tool's result the model gets (and the message stores); the rest is cut. */
  TOOL_OUTPUT_MAX_CHARS: z.coerce.number().int().min(100).max(1_000_000).default(20_000),
  /** Rounds of tool calls in one answer; then the model must answer without tools. */
  TOOL_MAX_ROUNDS: z.coerce.number().int().min(1).max(50).default(5),
  /** How long a call that needs the user's confirmation waits for it before it counts as a no. */
  TOOL_APPROVAL_TIMEOUT_MS: milliseconds(120_000),
  /**
   * The Offline demo's MCP server (`npm start` sets it): offered to every user as "Demo tools".
   * Operator-set like OFFLINE_DEMO_URL, so it is not subject to the egress guard.
   */
  DEMO_MCP_URL: z.url().optional(),
};
