export {
  startTestMcpServer,
  type TestMcpServer,
  type TestMcpServerOptions,
  type McpCallRecord,
} from './mcp-server';
export { startSearxStandIn, type SearxStandIn } from './searx-stand-in';
