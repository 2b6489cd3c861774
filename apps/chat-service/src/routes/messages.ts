import {
  EditMessageRequest,
  IdParams,
  Message,
  MessageTree,
  PostMessageRequest,
  PostMessageResponse,
  RegenerateResponse,
} from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { MessageService } from '../services/message-service';
import { contextOf } from './request-context';

export async function messageRoutes(app: Service, { messages }: { messages: MessageService }) {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/api/chats/:id/messages',
    { schema: { params: IdParams, response: { 200: MessageTree } } },
    async (request) => ({
      items: await messages.listMessages(callerOf(request).id, request.params.id),
    }),
  );

  app.post(
    '/api/chats/:id/messages',
    { schema: { params: IdParams, body: PostMessageRequest, response: { 202: PostMessageResponse } } },
    async (request, reply) =>
      reply.status(202).send(await messages.postMessage(contextOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/messages/:id/regenerate',
    { schema: { params: IdParams, response: { 202: RegenerateResponse } } },
    async (request, reply) =>
      reply.status(202).send(await messages.regenerate(contextOf(request), request.params.id)),
  );

  app.patch(
    '/api/messages/:id',
    {
      schema: {
        params: IdParams,
        body: EditMessageRequest,
        response: { 200: Message, 202: PostMessageResponse },
      },
    },
    async (request, reply) => {
      const outcome = await messages.editMessage(contextOf(request), request.params.id, request.body.content);
      return outcome.kind === 'branched'
        ? reply.status(202).send(outcome.exchange)
        : reply.status(200).send(outcome.message);
    },
  );
}
