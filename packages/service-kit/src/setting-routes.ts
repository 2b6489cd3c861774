import type { z } from 'zod';
import type { FastifyRequest, FastifySchema, FastifyTypeProviderDefault } from 'fastify';
import { callerOf } from './auth-plugin';
import type { Service } from './create-service';

/** The schemas from contracts and the service calls behind one settings document. */
export interface SettingRoutes<View extends z.ZodType, Update extends z.ZodType> {
  schemas: { view: View; update: Update };
  /** `requestId` goes along to the owning service, so one request id spans both logs. */
  read: (requestId: string) => Promise<z.output<View>>;
  /** `callerId`: the admin who changes it (for the audit log). Answers the saved document. */
  write: (callerId: string, body: z.output<Update>, requestId: string) => Promise<z.output<View>>;
}

/**
 * One settings document an admin reads and replaces: `GET path` → the document, `PUT path` →
 * the saved document.
 */
export function registerSettingRoutes<View extends z.ZodType, Update extends z.ZodType>(
  app: Service,
  path: string,
  routes: SettingRoutes<View, Update>,
): void {
  // As in registerCollectionRoutes: the schemas validate and serialize; the calls' types stand
  // for what the type provider cannot infer through these generics.
  const untyped = app.withTypeProvider<FastifyTypeProviderDefault>();
  const readSchema: FastifySchema = { response: { 200: routes.schemas.view } };
  const writeSchema: FastifySchema = { body: routes.schemas.update, response: { 200: routes.schemas.view } };
  untyped.get(path, { schema: readSchema }, (request) => routes.read(request.id));
  untyped.put(path, { schema: writeSchema }, (request: FastifyRequest) =>
    routes.write(callerOf(request).id, request.body as z.output<Update>, request.id),
  );
}
