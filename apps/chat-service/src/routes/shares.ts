import { CreatedShare, IdParams, ShareChatRequest, SharedChat, ShareLinkList } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { ShareService } from '../services/share-service';

/** The owner's side of share links: create or update, list, revoke. */
export async function shareRoutes(app: Service, { shares }: { shares: ShareService }) {
  app.addHook('onRequest', app.authenticate);

  app.post(
    '/api/chats/:id/share',
    { schema: { params: IdParams, body: ShareChatRequest, response: { 201: CreatedShare } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await shares.share(callerOf(request).id, request.params.id, request.body?.upToMessageId)),
  );

  app.get('/api/shares', { schema: { response: { 200: ShareLinkList } } }, async (request) => ({
    items: await shares.listShares(callerOf(request).id),
  }));

  app.delete('/api/shares/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await shares.revoke(callerOf(request).id, request.params.id);
    return reply.status(204).send();
  });
}

/** The shared page's data: no sign-in, the token in the path is the permission. */
export async function publicShareRoutes(app: Service, { shares }: { shares: ShareService }) {
  app.get(
    '/api/shares/:id/public',
    { schema: { params: IdParams, response: { 200: SharedChat } } },
    async (request, reply) => {
      // A revoked link must disappear at once, not linger in a cache.
      void reply.header('cache-control', 'no-store');
      return shares.publicView(request.params.id);
    },
  );
}
