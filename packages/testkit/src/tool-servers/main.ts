/**
 * Runs the test MCP server on its own (`pnpm --filter @vivier/testkit mcp-server`): the start
 * command offers it as the Offline demo's MCP server, so a fresh install can try tool calls.
 */
import { startTestMcpServer } from './mcp-server';

const port = Number.parseInt(process.env.DEMO_MCP_PORT ?? '4011', 10);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`DEMO_MCP_PORT must be a port number, got "${process.env.DEMO_MCP_PORT}"`);
  process.exit(1);
}
const server = await startTestMcpServer({ port });
console.log(JSON.stringify({ msg: 'demo MCP server listening', url: server.url, port: server.port }));

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
