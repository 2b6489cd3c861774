import type { ApiClient, SchemaOf } from './api-client';

/**
 * The routes of a collection served the usual way: list (`{ items }`) and create on `path`,
 * update and delete on `path/:id`. `updateMethod` is PUT where the whole item is sent again.
 */
export function collectionEndpoints<Item, CreateBody, UpdateBody>(
  { request, requestVoid }: Pick<ApiClient, 'request' | 'requestVoid'>,
  path: string,
  schemas: { list: SchemaOf<{ items: Item[] }>; item: SchemaOf<Item> },
  updateMethod: 'PATCH' | 'PUT' = 'PATCH',
) {
  const itemPath = (id: string) => `${path}/${encodeURIComponent(id)}`;
  return {
    list: async () => (await request('GET', path, schemas.list)).items,
    create: (body: CreateBody) => request('POST', path, schemas.item, { body }),
    update: (id: string, body: UpdateBody) => request(updateMethod, itemPath(id), schemas.item, { body }),
    remove: (id: string) => requestVoid('DELETE', itemPath(id)),
  };
}
