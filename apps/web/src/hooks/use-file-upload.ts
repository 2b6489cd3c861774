'use client';

import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { notifyError } from '../components/ui/notices';
import { api } from '../lib/api';
import { isApiError } from '../lib/api-error';
import {
  CLIENT_UPLOAD_LIMIT_BYTES,
  formatFileSize,
  isImageType,
  MAX_ATTACHMENTS,
  takeWithinLimit,
  uploadErrorText,
} from '../lib/attachments';
import { useDescribeError } from './use-describe-error';

type AttachmentStatus = 'uploading' | 'ready' | 'failed';

/** A file in the composer: uploading, uploaded (it has an id) or refused (with the reason). */
export interface Attachment {
  key: string;
  name: string;
  size: number;
  type: string;
  /** An object URL of the local file, for image thumbnails. */
  previewUrl: string | null;
  status: AttachmentStatus;
  fileId: string | null;
  /** Why it failed, in a few words (on the chip) and in full (its tooltip). */
  error: string | null;
  errorDetail: string | null;
}

/** What a sent message's attachment shows: its content and the name it was uploaded under. */
export interface FileContent {
  blob: Blob;
  fileName: string | null;
}

export const fileContentKey = (fileId: string) => ['file-content', fileId] as const;

/** The file just sent is already here: the message's thumbnail needs no download. */
function rememberContent(queryClient: QueryClient, fileId: string, file: File) {
  queryClient.setQueryData<FileContent>(fileContentKey(fileId), { blob: file, fileName: file.name });
}

let nextKey = 0;

/**
 * The composer's attachments. Each file uploads as soon as it is added; removing one cancels its
 * upload or deletes the uploaded file; `clearSent()` forgets them once the message carries them.
 */
export function useFileUpload() {
  const queryClient = useQueryClient();
  const t = useTranslations('chat.attachments');
  const describeError = useDescribeError();
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const files = useRef(new Map<string, File>());
  const uploads = useRef(new Map<string, AbortController>());
  /** Ids of a message being sent: never deleted, even if the composer goes away meanwhile. */
  const sending = useRef(new Set<string>());
  const latest = useRef(attachments);
  latest.current = attachments;

  const update = useCallback((key: string, change: Partial<Attachment>) => {
    setAttachments((current) =>
      current.map((attachment) => (attachment.key === key ? { ...attachment, ...change } : attachment)),
    );
  }, []);

  const upload = useCallback(
    async (key: string, file: File) => {
      const controller = new AbortController();
      uploads.current.set(key, controller);
      try {
        const stored = await api.files.upload(file, file.name, controller.signal);
        if (controller.signal.aborted) return;
        update(key, { status: 'ready', fileId: stored.id, error: null });
      } catch (error) {
        if (controller.signal.aborted) return;
        const detail = describeError(error);
        const message = isApiError(error)
          ? uploadErrorText(error.status, error.message.trim() ? detail : null, error.meta.limitBytes, t)
          : detail;
        update(key, { status: 'failed', error: message, errorDetail: detail });
      } finally {
        uploads.current.delete(key);
      }
    },
    [update, t, describeError],
  );

  const add = useCallback(
    (incoming: readonly File[]) => {
      if (incoming.length === 0) return;
      const { accepted, overLimit } = takeWithinLimit(incoming, latest.current.length);
      if (overLimit > 0) notifyError(t('errors.tooMany', { max: MAX_ATTACHMENTS }));
      const added = accepted.map((file): Attachment => {
        const isTooLarge = file.size > CLIENT_UPLOAD_LIMIT_BYTES;
        return {
          key: `attachment-${++nextKey}`,
          name: file.name,
          size: file.size,
          type: file.type,
          previewUrl: isImageType(file.type) && !isTooLarge ? URL.createObjectURL(file) : null,
          status: isTooLarge ? 'failed' : 'uploading',
          fileId: null,
          error: isTooLarge
            ? t('errors.tooLargeMax', { size: formatFileSize(CLIENT_UPLOAD_LIMIT_BYTES, t) })
            : null,
          errorDetail: null,
        };
      });
      added.forEach((attachment, index) => files.current.set(attachment.key, accepted[index]!));
      // Counted at once so a second drop in the same moment sees these.
      latest.current = [...latest.current, ...added];
      setAttachments((current) => [...current, ...added]);
      for (const attachment of added) {
        if (attachment.status === 'uploading')
          void upload(attachment.key, files.current.get(attachment.key)!);
      }
    },
    [upload, t],
  );

  const forget = useCallback((attachment: Attachment) => {
    if (attachment.previewUrl) URL.revokeObjectURL(attachment.previewUrl);
    files.current.delete(attachment.key);
  }, []);

  const remove = useCallback(
    (key: string) => {
      const attachment = latest.current.find((candidate) => candidate.key === key);
      if (!attachment) return;
      uploads.current.get(key)?.abort();
      // Nothing refers to it yet: delete it, quietly (a leftover costs only storage).
      if (attachment.fileId) void api.files.remove(attachment.fileId).catch(() => {});
      forget(attachment);
      latest.current = latest.current.filter((candidate) => candidate.key !== key);
      setAttachments((current) => current.filter((candidate) => candidate.key !== key));
    },
    [forget],
  );

  /**
   * The uploaded files' ids for the message about to be sent. Their content goes to the cache
   * the sent message's thumbnails read, so they show without a download.
   */
  const startSend = useCallback((): string[] => {
    const ids: string[] = [];
    for (const attachment of latest.current) {
      const file = files.current.get(attachment.key);
      if (attachment.status !== 'ready' || !attachment.fileId || !file) continue;
      rememberContent(queryClient, attachment.fileId, file);
      sending.current.add(attachment.fileId);
      ids.push(attachment.fileId);
    }
    return ids;
  }, [queryClient]);

  /** The message was not sent: the files stay in the composer for another try. */
  const cancelSend = useCallback(() => sending.current.clear(), []);

  /** The message was sent and now owns the files: the chips go. */
  const clearSent = useCallback(() => {
    for (const attachment of latest.current) forget(attachment);
    sending.current.clear();
    latest.current = [];
    setAttachments([]);
  }, [forget]);

  // Leaving the chat with files never sent: stop their uploads and delete what was stored.
  useEffect(
    () => () => {
      for (const controller of uploads.current.values()) controller.abort();
      for (const attachment of latest.current) {
        if (attachment.fileId && !sending.current.has(attachment.fileId))
          void api.files.remove(attachment.fileId).catch(() => {});
        if (attachment.previewUrl) URL.revokeObjectURL(attachment.previewUrl);
      }
    },
    [],
  );

  return useMemo(() => {
    return {
      attachments,
      hasReady: attachments.some((attachment) => attachment.status === 'ready'),
      isUploading: attachments.some((attachment) => attachment.status === 'uploading'),
      hasFailed: attachments.some((attachment) => attachment.status === 'failed'),
      isFull: attachments.length >= MAX_ATTACHMENTS,
      add,
      remove,
      startSend,
      cancelSend,
      clearSent,
    };
  }, [attachments, add, remove, startSend, cancelSend, clearSent]);
}
