import {
  Chat,
  ChatListItem,
  CreateChatRequest,
  IdParams,
  ListChatsQuery,
  listOf,
  TagList,
  UpdateChatRequest,
} from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { ChatService } from '../services/chat-service';

export async function chatRoutes(app: Service, { chats }: { chats: ChatService }) {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/api/chats',
    { schema: { querystring: ListChatsQuery, response: { 200: listOf(ChatListItem) } } },
    (request) => chats.listChats(callerOf(request).id, request.query),
  );

  app.get('/api/tags', { schema: { response: { 200: TagList } } }, async (request) => ({
    items: await chats.listTags(callerOf(request).id),
  }));

  app.post(
    '/api/chats',
    { schema: { body: CreateChatRequest, response: { 201: Chat } } },
    async (request, reply) =>
      reply.status(201).send(await chats.createChat(callerOf(request).id, request.body)),
  );

  app.get('/api/chats/:id', { schema: { params: IdParams, response: { 200: Chat } } }, (request) =>
    chats.getChat(callerOf(request).id, request.params.id),
  );

  app.patch(
    '/api/chats/:id',
    { schema: { params: IdParams, body: UpdateChatRequest, response: { 200: Chat } } },
    (request) => chats.updateChat(callerOf(request).id, request.params.id, request.body),
  );

  app.delete('/api/chats/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await chats.deleteChat(callerOf(request).id, request.params.id);
    return reply.status(204).send();
  });
}
