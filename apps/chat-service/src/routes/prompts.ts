import { CreatePromptRequest, Prompt, PromptList, UpdatePromptRequest } from '@vivier/contracts';
import { registerCollectionRoutes, type Service } from '@vivier/service-kit';
import type { PromptService } from '../services/prompt-service';

export async function promptRoutes(app: Service, { prompts }: { prompts: PromptService }) {
  app.addHook('onRequest', app.authenticate);
  registerCollectionRoutes(app, '/api/prompts', {
    schemas: { list: PromptList, item: Prompt, create: CreatePromptRequest, update: UpdatePromptRequest },
    list: async (userId) => ({ items: await prompts.listPrompts(userId) }),
    create: (userId, body) => prompts.createPrompt(userId, body),
    update: (userId, id, body) => prompts.updatePrompt(userId, id, body),
    remove: (userId, id) => prompts.deletePrompt(userId, id),
  });
}
