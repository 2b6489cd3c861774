import {
  AdminKnowledgeBase,
  AdminKnowledgeBaseList,
  IdParams,
  ShareKnowledgeBaseRequest,
} from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { KnowledgeShareService } from '../services/knowledge-share-service';

export async function knowledgeShareRoutes(app: Service, { shares }: { shares: KnowledgeShareService }) {
  app.get('/api/admin/knowledge', { schema: { response: { 200: AdminKnowledgeBaseList } } }, async () => ({
    items: await shares.list(),
  }));

  app.put(
    '/api/admin/knowledge/:id/groups',
    { schema: { params: IdParams, body: ShareKnowledgeBaseRequest, response: { 200: AdminKnowledgeBase } } },
    (request) => shares.share(callerOf(request).id, request.params.id, request.body.groupIds),
  );
}
