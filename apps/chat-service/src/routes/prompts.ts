import { CreatePromptRequest, IdParams, Prompt, PromptList, UpdatePromptRequest } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { PromptService } from '../services/prompt-service';

export async function promptRoutes(app: Service, { prompts }: { prompts: PromptService }) {
  app.addHook('onRequest', app.authenticate);

  app.get('/api/prompts', { schema: { response: { 200: PromptList } } }, async (request) => ({
    items: await prompts.listPrompts(callerOf(request).id),
  }));

  app.post(
    '/api/prompts',
    { schema: { body: CreatePromptRequest, response: { 201: Prompt } } },
    async (request, reply) =>
      reply.status(201).send(await prompts.createPrompt(callerOf(request).id, request.body)),
  );

  app.patch(
    '/api/prompts/:id',
    { schema: { params: IdParams, body: UpdatePromptRequest, response: { 200: Prompt } } },
    (request) => prompts.updatePrompt(callerOf(request).id, request.params.id, request.body),
  );

  app.delete('/api/prompts/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await prompts.deletePrompt(callerOf(request).id, request.params.id);
    return reply.status(204).send();
  });
}
