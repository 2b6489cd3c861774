'use client';

import { useTranslations } from 'next-intl';
import type { Attachment } from '../../hooks/use-file-upload';
import { formatFileSize } from '../../lib/attachments';
import { CloseIcon, FileIcon } from '../ui/icons';

export function Spinner({ label }: { label?: string }) {
  return (
    <span
      role={label ? 'status' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      className="inline-block h-4 w-4 animate-spin rounded-full border-2 border-current border-t-transparent"
    />
  );
}

/** One file in the composer: thumbnail or icon, name, size or state, and a remove button. */
export function AttachmentChip({
  attachment,
  onRemove,
}: {
  attachment: Attachment;
  onRemove: (key: string) => void;
}) {
  const t = useTranslations('chat.attachments');
  const isFailed = attachment.status === 'failed';
  const isUploading = attachment.status === 'uploading';
  return (
    <li
      aria-label={attachment.name}
      className={`relative flex min-w-0 items-center gap-2 rounded-xl border bg-canvas py-1.5 pl-1.5 pr-1 text-sm ${
        isFailed ? 'max-w-full border-danger/50 sm:max-w-[24rem]' : 'max-w-[15rem] border-border'
      }`}
    >
      <span className="relative flex h-10 w-10 shrink-0 items-center justify-center overflow-hidden rounded-lg bg-surface text-muted">
        {attachment.previewUrl ? (
          <img src={attachment.previewUrl} alt={attachment.name} className="h-full w-full object-cover" />
        ) : (
          <FileIcon />
        )}
        {isUploading ? (
          <span className="absolute inset-0 flex items-center justify-center bg-canvas/60 text-fg">
            <Spinner label={t('uploadingNamed', { name: attachment.name })} />
          </span>
        ) : null}
      </span>
      <span className="flex min-w-0 flex-1 flex-col leading-tight">
        <span className="truncate font-medium" title={attachment.name}>
          {attachment.name}
        </span>
        {isFailed ? (
          <span
            role="alert"
            className="line-clamp-2 text-xs text-danger"
            title={attachment.errorDetail ?? attachment.error ?? undefined}
          >
            {attachment.error}
          </span>
        ) : (
          <span className="text-xs text-muted">
            {isUploading ? t('uploading') : formatFileSize(attachment.size, t)}
          </span>
        )}
      </span>
      <button
        type="button"
        className="icon-button h-7 min-w-7 shrink-0 self-start"
        aria-label={t('removeNamed', { name: attachment.name })}
        title={t('remove')}
        onClick={() => onRemove(attachment.key)}
      >
        <CloseIcon width={14} height={14} />
      </button>
    </li>
  );
}

export function AttachmentChips({
  attachments,
  onRemove,
}: {
  attachments: Attachment[];
  onRemove: (key: string) => void;
}) {
  const t = useTranslations('chat.attachments');
  if (attachments.length === 0) return null;
  return (
    <ul aria-label={t('attached')} className="flex flex-wrap gap-2 px-1 pt-1">
      {attachments.map((attachment) => (
        <AttachmentChip key={attachment.key} attachment={attachment} onRemove={onRemove} />
      ))}
    </ul>
  );
}
