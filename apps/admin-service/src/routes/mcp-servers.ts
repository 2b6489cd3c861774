import {
  CreateMcpServerRequest,
  IdParams,
  McpServerList,
  McpServerView,
  ToolSettingsUpdate,
  ToolSettingsView,
  UpdateMcpServerRequest,
} from '@vivier/contracts';
import { callerOf, registerCollectionRoutes, type Service } from '@vivier/service-kit';
import type { McpServerService } from '../services/mcp-server-service';

export async function mcpServerRoutes(app: Service, { mcp }: { mcp: McpServerService }) {
  registerCollectionRoutes(app, '/api/admin/mcp-servers', {
    schemas: {
      list: McpServerList,
      item: McpServerView,
      create: CreateMcpServerRequest,
      update: UpdateMcpServerRequest,
    },
    list: () => mcp.listServers(),
    create: (adminId, body) => mcp.createServer(adminId, body),
    update: (adminId, id, body) => mcp.updateServer(adminId, id, body),
    remove: (adminId, id) => mcp.deleteServer(adminId, id),
  });

  app.post(
    '/api/admin/mcp-servers/:id/tools/refresh',
    { schema: { params: IdParams, response: { 200: McpServerView } } },
    (request) => mcp.refreshTools(callerOf(request).id, request.params.id),
  );

  app.get('/api/admin/tool-settings', { schema: { response: { 200: ToolSettingsView } } }, () =>
    mcp.getToolSettings(),
  );

  app.put(
    '/api/admin/tool-settings',
    { schema: { body: ToolSettingsUpdate, response: { 200: ToolSettingsView } } },
    (request) => mcp.updateToolSettings(callerOf(request).id, request.body),
  );
}
