import {
  AddKnowledgeFileRequest,
  CreateKnowledgeBaseRequest,
  IdParams,
  KnowledgeBase,
  KnowledgeBaseList,
  KnowledgeFile,
  KnowledgeFileList,
  KnowledgeFileParams,
  KnowledgeSearchRequest,
  KnowledgeSearchResponse,
  UpdateKnowledgeBaseRequest,
} from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { KnowledgeService } from '../services/knowledge-service';

export async function knowledgeRoutes(app: Service, { knowledge }: { knowledge: KnowledgeService }) {
  app.addHook('onRequest', app.authenticate);

  app.get('/api/knowledge', { schema: { response: { 200: KnowledgeBaseList } } }, async (request) => ({
    // At most KNOWLEDGE_BASES_MAX_PER_USER own plus the shared ones: one page.
    items: await knowledge.listBases(callerOf(request).id),
    nextCursor: null,
  }));

  app.post(
    '/api/knowledge',
    { schema: { body: CreateKnowledgeBaseRequest, response: { 201: KnowledgeBase } } },
    async (request, reply) =>
      reply.status(201).send(await knowledge.createBase(callerOf(request).id, request.body.name)),
  );

  app.get(
    '/api/knowledge/:id',
    { schema: { params: IdParams, response: { 200: KnowledgeBase } } },
    (request) => knowledge.getBase(callerOf(request).id, request.params.id),
  );

  app.patch(
    '/api/knowledge/:id',
    { schema: { params: IdParams, body: UpdateKnowledgeBaseRequest, response: { 200: KnowledgeBase } } },
    (request) => knowledge.renameBase(callerOf(request).id, request.params.id, request.body.name),
  );

  app.delete('/api/knowledge/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await knowledge.deleteBase(callerOf(request).id, request.params.id);
    return reply.status(204).send();
  });

  app.get(
    '/api/knowledge/:id/files',
    { schema: { params: IdParams, response: { 200: KnowledgeFileList } } },
    async (request) => ({ items: await knowledge.listFiles(callerOf(request).id, request.params.id) }),
  );

  app.post(
    '/api/knowledge/:id/files',
    { schema: { params: IdParams, body: AddKnowledgeFileRequest, response: { 202: KnowledgeFile } } },
    async (request, reply) =>
      reply
        .status(202)
        .send(await knowledge.addFile(callerOf(request).id, request.params.id, request.body.fileId)),
  );

  app.post(
    '/api/knowledge/:id/files/:fileId/retry',
    { schema: { params: KnowledgeFileParams, response: { 202: KnowledgeFile } } },
    async (request, reply) =>
      reply
        .status(202)
        .send(await knowledge.retryFile(callerOf(request).id, request.params.id, request.params.fileId)),
  );

  app.delete(
    '/api/knowledge/:id/files/:fileId',
    { schema: { params: KnowledgeFileParams } },
    async (request, reply) => {
      await knowledge.removeFile(callerOf(request).id, request.params.id, request.params.fileId);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/knowledge/:id/search',
    {
      schema: { params: IdParams, body: KnowledgeSearchRequest, response: { 200: KnowledgeSearchResponse } },
    },
    async (request) => ({
      items: await knowledge.search(
        callerOf(request).id,
        request.params.id,
        request.body.query,
        request.body.limit,
      ),
    }),
  );
}
