import { Chat, IdParams } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { ForkService } from '../services/fork-service';

export async function forkRoutes(app: Service, { forks }: { forks: ForkService }) {
  app.addHook('onRequest', app.authenticate);

  app.post(
    '/api/messages/:id/fork',
    { schema: { params: IdParams, response: { 201: Chat } } },
    async (request, reply) =>
      reply.status(201).send(await forks.fork(callerOf(request).id, request.params.id)),
  );
}
