import multipart from '@fastify/multipart';
import { AppError, IdParams, isImageContentType, UPLOAD_FIELD_NAME, UploadedFile } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import { fileDisposition } from '../lib/file-disposition';
import type { FileService } from '../services/file-service';

export interface FileRoutesOptions {
  files: FileService;
  uploadLimitBytes: number;
}

const PDF_CONTENT_TYPE = 'application/pdf';

/** Multipart form fields besides the file (a client may send a name or a type; we read neither). */
const MAX_FORM_FIELDS = 10;

/**
 * `POST /api/files` (multipart, one `file` field), `GET /api/files/:id` (the bytes, to their
 * owner) and `DELETE /api/files/:id`. Downloads are served so a browser never runs them: images
 * as themselves, PDFs as `application/pdf` for download (never inline: a viewer runs their
 * scripts), everything else as plain text for download, `nosniff`, and a CSP that allows nothing.
 */
export async function fileRoutes(app: Service, { files, uploadLimitBytes }: FileRoutesOptions) {
  app.addHook('onRequest', app.authenticate);
  await app.register(multipart, {
    // One byte over the limit: a file that reaches it is too large whether or not busboy's
    // truncation flag has been set by the time the last chunk is read (it is not always, over
    // real sockets — which would store a silently truncated file).
    limits: { fileSize: uploadLimitBytes + 1, files: 1, fields: MAX_FORM_FIELDS, parts: MAX_FORM_FIELDS + 1 },
  });

  app.post('/api/files', { schema: { response: { 201: UploadedFile } } }, async (request, reply) => {
    if (!request.isMultipart()) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Send the file as multipart/form-data in a field named "${UPLOAD_FIELD_NAME}"`,
      );
    }
    let part: Awaited<ReturnType<typeof request.file>>;
    try {
      part = await request.file();
    } catch (error) {
      throw malformedUpload(error);
    }
    if (!part || part.fieldname !== UPLOAD_FIELD_NAME) {
      part?.file.resume();
      throw new AppError('VALIDATION_FAILED', 'No file in the request', {
        details: [
          { path: UPLOAD_FIELD_NAME, message: `attach one file in a field named "${UPLOAD_FIELD_NAME}"` },
        ],
      });
    }
    const tooLarge = () =>
      new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the ${uploadLimitBytes}-byte upload limit`, {
        meta: { limitBytes: uploadLimitBytes },
      });
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (error) {
      if (isTooLarge(error)) throw tooLarge();
      throw malformedUpload(error);
    }
    if (bytes.length > uploadLimitBytes || part.file.truncated) throw tooLarge();
    const uploaded = await files.uploadFile(callerOf(request).id, { fileName: part.filename, bytes });
    return reply.status(201).send(uploaded);
  });

  app.get('/api/files/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const { file, body } = await files.openFile(callerOf(request).id, request.params.id);
    const isImage = isImageContentType(file.contentType);
    const isPdf = file.contentType === PDF_CONTENT_TYPE;
    return reply
      .header('content-type', isImage || isPdf ? file.contentType : 'text/plain; charset=utf-8')
      .header('content-length', String(file.size))
      .header(
        'content-disposition',
        fileDisposition(file.name, {
          inline: isImage,
          fallbackExtension: isImage ? 'img' : isPdf ? 'pdf' : 'txt',
        }),
      )
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cross-origin-resource-policy', 'same-origin')
      .header('cache-control', 'private, no-cache')
      .send(body);
  });

  app.delete('/api/files/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await files.deleteFile(callerOf(request).id, request.params.id);
    return reply.status(204).send();
  });
}

/**
 * Reading the parts fails only on what the client sent (no boundary, a body cut short, more parts
 * than allowed): a 400, not a 500. Storing the bytes happens after, outside this.
 */
function malformedUpload(error: unknown): AppError {
  return new AppError('VALIDATION_FAILED', 'The multipart body is malformed', {
    cause: error,
    details: [
      { path: '(body)', message: error instanceof Error ? error.message : 'unreadable multipart body' },
    ],
  });
}

function isTooLarge(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'FST_REQ_FILE_TOO_LARGE';
}
