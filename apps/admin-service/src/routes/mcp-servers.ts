import {
  CreateMcpServerRequest,
  IdParams,
  McpServerList,
  McpServerView,
  ToolSettingsUpdate,
  ToolSettingsView,
  UpdateMcpServerRequest,
} from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { McpServerService } from '../services/mcp-server-service';

export async function mcpServerRoutes(app: Service, { mcp }: { mcp: McpServerService }) {
  app.get('/api/admin/mcp-servers', { schema: { response: { 200: McpServerList } } }, () =>
    mcp.listServers(),
  );

  app.post(
    '/api/admin/mcp-servers',
    { schema: { body: CreateMcpServerRequest, response: { 201: McpServerView } } },
    async (request, reply) =>
      reply.status(201).send(await mcp.createServer(callerOf(request).id, request.body)),
  );

  app.patch(
    '/api/admin/mcp-servers/:id',
    { schema: { params: IdParams, body: UpdateMcpServerRequest, response: { 200: McpServerView } } },
    (request) => mcp.updateServer(callerOf(request).id, request.params.id, request.body),
  );

  app.delete('/api/admin/mcp-servers/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await mcp.deleteServer(callerOf(request).id, request.params.id);
    return reply.status(204).send();
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
