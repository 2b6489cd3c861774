import { DEMO_MCP_SERVER_ID, DEMO_MCP_SERVER_LABEL } from '@vivier/contracts';
import type { McpServerConnection } from './mcp-session';

/** The Offline demo's MCP server at DEMO_MCP_URL: reached with plain fetch (the operator set it). */
export function demoMcpServer(url: string): McpServerConnection {
  return {
    id: DEMO_MCP_SERVER_ID,
    label: DEMO_MCP_SERVER_LABEL,
    transport: 'http',
    url,
    command: null,
    args: [],
    headers: {},
    fetch: globalThis.fetch,
  };
}
