import { isImageContentType } from '@vivier/contracts';
import type { ChatDb } from '@vivier/db';
import type { ContentPart } from '@vivier/providers';
import type { Logger } from '@vivier/service-kit';
import { isStorageNotFound, readAll, type FileStorage } from '@vivier/storage';

/** A file attached to a message, with its bytes, as the prompt builder needs it. */
export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  bytes: Buffer;
  /**
   * What to inline instead of the bytes: a PDF's text, extracted by chat-service at upload (its
   * bytes are then not read from storage at all). Null for a PDF whose text is missing.
   */
  text?: string | null;
}

const PDF_CONTENT_TYPE = 'application/pdf';

export interface AttachmentOptions {
  /** Whether the model reads images (the catalogue's `capabilities.vision`). */
  vision: boolean;
  /** The provider's largest inline image, in base64 characters (undefined: no limit below ours). */
  maxImageBase64Chars?: number;
  /** Characters of one text file inlined into the prompt; the rest is cut with a marker. */
  inlineLimitChars: number;
}

interface AttachmentLoaderDeps {
  db: Pick<ChatDb, 'file'>;
  storage: Pick<FileStorage, 'get'>;
  logger: Logger;
}

/**
 * The files of `fileIds` that belong to `userId`, with their bytes, by id. A file deleted since
 * (row or bytes gone) is left out: the message keeps its text, the model just does not see it.
 */
async function loadAttachments(
  deps: AttachmentLoaderDeps,
  userId: string,
  fileIds: readonly string[],
): Promise<Map<string, Attachment>> {
  const unique = [...new Set(fileIds)];
  if (unique.length === 0) return new Map();
  // Owned by the generation's user: chat-service checked this when attaching; checked again here.
  const rows = await deps.db.file.findMany({ where: { id: { in: unique }, userId } });
  const loaded = await Promise.all(
    rows.map(async (row): Promise<Attachment | undefined> => {
      if (row.contentType === PDF_CONTENT_TYPE) {
        // The model reads the text chat-service extracted, never the PDF itself.
        const { id, name, contentType, extractedText } = row;
        return { id, name, contentType, bytes: Buffer.alloc(0), text: extractedText };
      }
      try {
        const bytes = await readAll(deps.storage, row.storageKey);
        return { id: row.id, name: row.name, contentType: row.contentType, bytes };
      } catch (error) {
        if (!isStorageNotFound(error)) throw error;
        deps.logger.warn({ fileId: row.id }, 'attached file missing from storage; left out of the prompt');
        return undefined;
      }
    }),
  );
  return new Map(loaded.filter((file) => file !== undefined).map((file) => [file.id, file]));
}

/**
 * A user message with its files: text files, and PDFs' extracted text, are inlined after the
 * message as fenced blocks headed by their name (cut at `inlineLimitChars` with a marker); images become image parts for
 * a vision model, and a one-line note otherwise, so the model can tell the user it did not see
 * them instead of answering as if there were nothing. Plain text when there are no images.
 */
export function withAttachments(
  text: string,
  files: readonly Attachment[],
  options: AttachmentOptions,
): string | ContentPart[] {
  if (files.length === 0) return text;
  // A message may be only attachments: no empty text block then (Anthropic refuses those).
  const blocks = text.length > 0 ? [text] : [];
  const images: ContentPart[] = [];
  for (const file of files) {
    if (isImageContentType(file.contentType)) {
      if (!options.vision) {
        blocks.push(`[Attached image "${file.name}" was not sent: this model cannot read images.]`);
        continue;
      }
      const data = file.bytes.toString('base64');
      // Sending it anyway would fail the whole answer at the provider; say so and go on instead.
      if (options.maxImageBase64Chars !== undefined && data.length > options.maxImageBase64Chars) {
        const limit = formatImageLimit((options.maxImageBase64Chars * 3) / 4);
        blocks.push(
          `[Attached image "${file.name}" was not sent: it is larger than this model's provider accepts (about ${limit}).]`,
        );
        continue;
      }
      images.push({ type: 'image', mimeType: file.contentType, data });
    } else if (file.contentType === PDF_CONTENT_TYPE && !file.text) {
      // Not expected (uploads without text are refused), but never a PDF's raw bytes as text.
      blocks.push(`[Attached PDF "${file.name}" was not sent: its text could not be read.]`);
    } else if (file.text) {
      blocks.push(textFileBlock(file.name, file.text, options.inlineLimitChars));
    } else {
      blocks.push(textFileBlock(file.name, file.bytes.toString('utf8'), options.inlineLimitChars));
    }
  }
  const combined = blocks.join('\n\n');
  if (images.length === 0) return combined;
  return combined.length > 0 ? [{ type: 'text', text: combined }, ...images] : images;
}

/** Raw bytes as "3.8 MB" or "2 KB". */
function formatImageLimit(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${mib.toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** `File: name` and the contents in a fence longer than any backtick run inside them. */
export function textFileBlock(name: string, contents: string, limitChars: number): string {
  let body = contents;
  let marker = '';
  if (contents.length > limitChars) {
    // Never cut a surrogate pair in half.
    const end = /[\uD800-\uDBFF]/.test(contents.charAt(limitChars - 1)) ? limitChars - 1 : limitChars;
    body = contents.slice(0, end);
    marker = `\n[… truncated: the first ${end} of ${contents.length} characters are shown]`;
  }
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const newline = body.endsWith('\n') ? '' : '\n';
  return `File: ${name}\n${fence}\n${body}${newline}${fence}${marker}`;
}

/** What prepare-call needs to put a branch's files into its prompt. */
export interface AttachmentSource extends AttachmentLoaderDeps {
  inlineLimitChars: number;
}

/**
 * Loads every file the branch's user messages carry (one query, then the bytes) and returns the
 * `contentOf` for buildBranchPrompt.
 */
export async function branchAttachments(
  source: AttachmentSource,
  userId: string,
  branch: ReadonlyArray<{ role: string; content: string; fileIds?: string[] }>,
  model: Pick<AttachmentOptions, 'vision' | 'maxImageBase64Chars'>,
): Promise<(message: { content: string; fileIds?: string[] }) => string | ContentPart[]> {
  const fileIds = branch.flatMap((message) => (message.role === 'user' ? (message.fileIds ?? []) : []));
  const files = await loadAttachments(source, userId, fileIds);
  const options: AttachmentOptions = { ...model, inlineLimitChars: source.inlineLimitChars };
  return (message) => {
    const attached = (message.fileIds ?? []).flatMap((id) => files.get(id) ?? []);
    return withAttachments(message.content, attached, options);
  };
}
