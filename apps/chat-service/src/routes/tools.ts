import { AvailableTools, IdParams, ToolApprovalRequest } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { ToolService } from '../services/tool-service';

export async function toolRoutes(app: Service, { tools }: { tools: ToolService }) {
  app.addHook('onRequest', app.authenticate);

  app.get('/api/tools', { schema: { response: { 200: AvailableTools } } }, async () =>
    tools.listAvailableTools(),
  );

  app.post(
    '/api/generations/:id/tool-approval',
    { schema: { params: IdParams, body: ToolApprovalRequest } },
    async (request, reply) => {
      const { callId, approved } = request.body;
      await tools.answerToolCall(callerOf(request).id, request.params.id, callId, approved);
      return reply.status(204).send();
    },
  );
}
