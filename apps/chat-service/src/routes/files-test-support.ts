import type { TestChatService, TestUser } from '../test-support';

/** A 1×1 PNG. */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

export interface FormFile {
  field?: string;
  name: string;
  type?: string;
  bytes: Uint8Array | string;
}

/** A real multipart/form-data body, encoded by the platform's own FormData as a browser would. */
async function multipartBody(files: FormFile[], fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  for (const file of files) {
    const bytes = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes;
    form.append(file.field ?? 'file', new Blob([bytes], { type: file.type ?? '' }), file.name);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') ?? '',
  };
}

/** `POST /api/files` through app.inject as `user`. */
export async function upload(
  service: TestChatService,
  user: TestUser,
  files: FormFile[],
  fields: Record<string, string> = {},
) {
  const { payload, contentType } = await multipartBody(files, fields);
  return service.app.inject({
    method: 'POST',
    url: '/api/files',
    headers: { ...user.headers, 'content-type': contentType },
    payload,
  });
}

/** The start of a PDF and then nothing usable: sniffed as a PDF, unreadable as one. */
export const CORRUPT_PDF = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1');
