import type { z } from 'zod';
import type { FastifyRequest, FastifySchema, FastifyTypeProviderDefault } from 'fastify';
import { IdParams } from '@vivier/contracts';
import { callerOf } from './auth-plugin';
import type { Service } from './create-service';

/** The schemas from contracts and the service calls behind one collection's routes. */
export interface CollectionRoutes<
  List extends z.ZodType,
  Item extends z.ZodType,
  Create extends z.ZodType,
  Update extends z.ZodType,
> {
  schemas: { list: List; item: Item; create: Create; update: Update };
  list: (callerId: string) => Promise<z.output<List>>;
  create: (callerId: string, body: z.output<Create>) => Promise<z.output<Item>>;
  update: (callerId: string, id: string, body: z.output<Update>) => Promise<z.output<Item>>;
  /** Left out when the collection's DELETE takes more than the id (a route file adds its own). */
  remove?: (callerId: string, id: string) => Promise<void>;
}

/**
 * A collection's routes: `GET path` (the list), `POST path` → 201 the item, `PATCH path/:id` →
 * the item, `DELETE path/:id` → 204. Each call gets the caller's id: the owner of the rows, or
 * the admin who acts (for the audit log).
 */
export function registerCollectionRoutes<
  List extends z.ZodType,
  Item extends z.ZodType,
  Create extends z.ZodType,
  Update extends z.ZodType,
>(app: Service, path: string, routes: CollectionRoutes<List, Item, Create, Update>): void {
  const { schemas } = routes;
  // The schemas validate and serialize as on any route; the types of the calls above stand for
  // what the type provider cannot infer through these generics.
  const untyped = app.withTypeProvider<FastifyTypeProviderDefault>();
  const callerId = (request: FastifyRequest) => callerOf(request).id;
  const idOf = (request: FastifyRequest) => (request.params as IdParams).id;
  const bodyOf = <T extends z.ZodType>(request: FastifyRequest) => request.body as z.output<T>;
  const listSchema: FastifySchema = { response: { 200: schemas.list } };
  const createSchema: FastifySchema = { body: schemas.create, response: { 201: schemas.item } };
  const updateSchema: FastifySchema = {
    params: IdParams,
    body: schemas.update,
    response: { 200: schemas.item },
  };

  untyped.get(path, { schema: listSchema }, (request) => routes.list(callerId(request)));

  untyped.post(path, { schema: createSchema }, async (request, reply) =>
    reply.status(201).send(await routes.create(callerId(request), bodyOf<Create>(request))),
  );

  untyped.patch(`${path}/:id`, { schema: updateSchema }, (request) =>
    routes.update(callerId(request), idOf(request), bodyOf<Update>(request)),
  );

  const { remove } = routes;
  if (!remove) return;
  untyped.delete(`${path}/:id`, { schema: { params: IdParams } }, async (request, reply) => {
    await remove(callerId(request), idOf(request));
    return reply.status(204).send();
  });
}
