import { z } from 'zod';

/**
 * An uploaded file as the API shows it (`POST /api/files` → 201, ARCHITECTURE.md "File").
 * Named UploadedFile so it never shadows the platform's global `File` where both are in scope.
 */
export const UploadedFile = z.object({
  id: z.string(),
  name: z.string(),
  /** What the bytes are (sniffed), not what the client claimed. */
  contentType: z.string(),
  size: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type UploadedFile = z.infer<typeof UploadedFile>;

/** The multipart field that carries the upload. */
export const UPLOAD_FIELD_NAME = 'file';
/** Stored file names are cut to this many characters. */
export const FILE_NAME_MAX_LENGTH = 255;
/** Image types models may be sent; SVG is deliberately absent (it is a script-capable document). */
export const IMAGE_CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

export function isImageContentType(contentType: string): boolean {
  return (IMAGE_CONTENT_TYPES as readonly string[]).includes(contentType);
}
