import { z } from 'zod';
import { Chat, ChatExport, ExportQuery, IdParams } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { AccountArchive } from '../services/account-archive';
import type { TransferService } from '../services/transfer-service';

/** JSON export, or the Markdown text (a string body is sent as-is, never serialized). */
const ExportBody = z.union([ChatExport, z.string()]);

export async function chatTransferRoutes(
  app: Service,
  { transfer, archive }: { transfer: TransferService; archive: AccountArchive },
) {
  app.addHook('onRequest', app.authenticate);

  /** Every chat and file of the caller, as one zip (the account page's "Export my data"). */
  app.get('/api/chats/export', async (request, reply) => {
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .type('application/zip')
      .header('content-disposition', `attachment; filename="vivier-export-${day}.zip"`)
      .header('cache-control', 'no-store')
      .send(archive.archive(callerOf(request).id));
  });

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
