'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { fileContentKey, type FileContent } from '../../hooks/use-file-upload';
import { api } from '../../lib/api';
import { formatFileSize, isImageType } from '../../lib/attachments';
import { FileIcon } from '../ui/icons';
import { Spinner } from './attachment-chip';

/** An object URL for a blob, revoked when the blob changes or the component goes. */
function useObjectUrl(blob: Blob | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) return;
    const created = URL.createObjectURL(blob);
    setUrl(created);
    return () => {
      URL.revokeObjectURL(created);
      setUrl(null);
    };
  }, [blob]);
  return url;
}

const chipClass =
  'flex max-w-[15rem] items-center gap-2 rounded-xl border border-border bg-canvas px-2 py-1.5 text-left text-sm';

/**
 * One file of a sent message. Its content comes with the access token (an <img src> to the API
 * could not send it), then shows from an object URL: images as thumbnails, other files as chips
 * that download on click.
 */
function MessageAttachment({ fileId }: { fileId: string }) {
  const t = useTranslations('chat.attachments');
  const content = useQuery<FileContent>({
    queryKey: fileContentKey(fileId),
    queryFn: () => api.files.content(fileId),
    // A file never changes; keep it while the chat is open.
    staleTime: Infinity,
    gcTime: 10 * 60_000,
  });
  const url = useObjectUrl(content.data?.blob);

  if (content.isError) {
    return (
      <span className={`${chipClass} text-muted`}>
        <FileIcon />
        {t('unavailable')}
      </span>
    );
  }
  if (!content.data || !url) {
    return (
      <span className="flex h-20 w-20 items-center justify-center rounded-xl border border-border bg-surface text-muted">
        <Spinner label={t('loading')} />
      </span>
    );
  }
  const name = content.data.fileName ?? t('fallbackName');
  if (isImageType(content.data.blob.type)) {
    return (
      <a
        href={url}
        target="_blank"
        rel="noopener noreferrer"
        title={t('open', { name })}
        className="block overflow-hidden rounded-xl border border-border"
      >
        <img src={url} alt={name} className="h-28 max-w-[12rem] object-cover sm:h-36 sm:max-w-[16rem]" />
      </a>
    );
  }
  return (
    <a href={url} download={name} title={t('download', { name })} className={`${chipClass} hover:bg-surface`}>
      <span className="flex h-8 w-8 shrink-0 items-center justify-center rounded-lg bg-surface text-muted">
        <FileIcon />
      </span>
      <span className="flex min-w-0 flex-col leading-tight">
        <span className="truncate font-medium">{name}</span>
        <span className="text-xs text-muted">{formatFileSize(content.data.blob.size, t)}</span>
      </span>
    </a>
  );
}

/** The files a user message carries, above its text. */
export function MessageAttachments({ fileIds }: { fileIds: readonly string[] }) {
  const t = useTranslations('chat.attachments');
  if (fileIds.length === 0) return null;
  return (
    <ul aria-label={t('list')} className="flex max-w-[85%] flex-wrap justify-end gap-2">
      {fileIds.map((fileId) => (
        <li key={fileId}>
          <MessageAttachment fileId={fileId} />
        </li>
      ))}
    </ul>
  );
}
