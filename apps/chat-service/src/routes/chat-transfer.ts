import { z } from 'zod';
import {
  AppError,
  Chat,
  ChatExport,
  ExportQuery,
  IdParams,
  ImportRequest,
  ImportResult,
} from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import { detectFormat, parseForeign } from '../lib/imports/detect';
import { FORMAT_LABELS, ImportFileError } from '../lib/imports/types';
import type { AccountArchive } from '../services/account-archive';
import type { TransferService } from '../services/transfer-service';

/** JSON export, or the Markdown text (a string body is sent as-is, never serialized). */
const ExportBody = z.union([ChatExport, z.string()]);

export async function chatTransferRoutes(
  app: Service,
  {
    transfer,
    archive,
    importLimitBytes,
  }: { transfer: TransferService; archive: AccountArchive; importLimitBytes: number },
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

  /**
   * Our JSON export (201 Chat, as always), or ChatGPT / Claude / LibreChat / Open WebUI exports
   * (201 ImportResult: every conversation of the file, or none of them).
   */
  app.post(
    '/api/chats/import',
    {
      bodyLimit: importLimitBytes,
      // Refused by its announced size before a byte of a large export is read.
      onRequest: async (request) => {
        if (Number(request.headers['content-length'] ?? 0) > importLimitBytes) {
          throw new AppError(
            'PAYLOAD_TOO_LARGE',
            `The import file is larger than the ${importLimitBytes}-byte limit (IMPORT_LIMIT_BYTES)`,
            { meta: { limitBytes: importLimitBytes } },
          );
        }
      },
      schema: { body: ImportRequest, response: { 201: z.union([Chat, ImportResult]) } },
    },
    async (request, reply) => {
      const userId = callerOf(request).id;
      const format = detectFormat(request.body);
      if (format === null) {
        throw new AppError(
          'VALIDATION_FAILED',
          'Unrecognised file: expected a Vivier, ChatGPT, Claude, LibreChat or Open WebUI export (JSON)',
          { details: [{ path: 'body', message: 'matches no known export format' }] },
        );
      }
      if (format === 'vivier') {
        return reply.status(201).send(await transfer.importChat(userId, ChatExport.parse(request.body)));
      }
      let conversations;
      try {
        conversations = parseForeign(format, request.body);
      } catch (error) {
        if (!(error instanceof ImportFileError)) throw error;
        throw new AppError('VALIDATION_FAILED', `Invalid ${FORMAT_LABELS[format]}`, {
          details: error.details,
          meta: { format },
        });
      }
      const items = await transfer.importConversations(userId, format, conversations);
      return reply.status(201).send({ format, items });
    },
  );
}
