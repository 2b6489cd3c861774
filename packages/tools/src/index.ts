export { openToolBox, type ToolBox, type ToolBoxOptions, type ToolRun } from './tool-box';
export {
  openMcpSession,
  McpUnavailableError,
  type McpServerConnection,
  type McpSession,
  type McpToolInfo,
} from './mcp-session';
export { DEFAULT_MAX_TOOL_OUTPUT_CHARS } from './bounded-text';
export type { WebSource } from './web-search';
export { toolEnv } from './tool-env';
export { demoMcpServer } from './demo-server';
