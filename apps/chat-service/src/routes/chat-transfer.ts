import { z } from 'zod';
import { Chat, ChatExport, ExportQuery, IdParams } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { TransferService } from '../services/transfer-service';

/** JSON export, or the Markdown text (a string body is sent as-is, never serialized). */
const ExportBody = z.union([ChatExport, z.string()]);

export async function chatTransferRoutes(app: Service, { transfer }: { transfer: TransferService }) {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/api/chats/:id/export',
    { schema: { params: IdParams, querystring: ExportQuery, response: { 200: ExportBody } } },
    async (request, reply) => {
      const download = await transfer.exportChat(
        callerOf(request).id,
        request.params.id,
        request.query.format,
      );
      void reply.header('content-disposition', download.disposition);
      if (download.format === 'markdown')
        return reply.type('text/markdown; charset=utf-8').send(download.body);
      return reply.type('application/json; charset=utf-8').send(download.body);
    },
  );

  app.post(
    '/api/chats/import',
    { schema: { body: ChatExport, response: { 201: Chat } } },
    async (request, reply) =>
      reply.status(201).send(await transfer.importChat(callerOf(request).id, request.body)),
  );
}
