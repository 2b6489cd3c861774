import { GroupCreateRequest, GroupList, GroupPatch, GroupView } from '@vivier/contracts';
import { registerCollectionRoutes, type Service } from '@vivier/service-kit';
import type { GroupService } from '../services/group-service';

export async function groupRoutes(app: Service, { groups }: { groups: GroupService }) {
  registerCollectionRoutes(app, '/api/admin/groups', {
    schemas: { list: GroupList, item: GroupView, create: GroupCreateRequest, update: GroupPatch },
    list: () => groups.listGroups(),
    create: (adminId, body) => groups.createGroup(adminId, body),
    update: (adminId, id, body) => groups.updateGroup(adminId, id, body),
    remove: (adminId, id) => groups.deleteGroup(adminId, id),
  });
}
