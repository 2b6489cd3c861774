import { AvailableTools, ToolApprovalRequest, ToolCallParams } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { ToolService } from '../services/tool-service';

export async function toolRoutes(app: Service, { tools }: { tools: ToolService }) {
  app.addHook('onRequest', app.authenticate);

  app.get('/api/tools', { schema: { response: { 200: AvailableTools } } }, async () =>
    tools.listAvailableTools(),
  );

  app.post(
    '/api/generations/:id/tool-calls/:callId/approval',
    { schema: { params: ToolCallParams, body: ToolApprovalRequest } },
    async (request, reply) => {
      const { id, callId } = request.params;
      await tools.answerToolCall(callerOf(request).id, id, callId, request.body.approved);
      return reply.status(204).send();
    },
  );
}
