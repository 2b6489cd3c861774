import { GroupCreateRequest, GroupList, GroupPatch, GroupView, IdParams } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { GroupService } from '../services/group-service';

export async function groupRoutes(app: Service, { groups }: { groups: GroupService }) {
  app.get('/api/admin/groups', { schema: { response: { 200: GroupList } } }, () => groups.listGroups());

  app.post(
    '/api/admin/groups',
    { schema: { body: GroupCreateRequest, response: { 201: GroupView } } },
    async (request, reply) =>
      reply.status(201).send(await groups.createGroup(callerOf(request).id, request.body)),
  );

  app.patch(
    '/api/admin/groups/:id',
    { schema: { params: IdParams, body: GroupPatch, response: { 200: GroupView } } },
    (request) => groups.updateGroup(callerOf(request).id, request.params.id, request.body),
  );

  app.delete('/api/admin/groups/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await groups.deleteGroup(callerOf(request).id, request.params.id);
    return reply.status(204).send();
  });
}
