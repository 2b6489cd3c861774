'use client';

import type { Chat } from '@vivier/contracts';
import { useState } from 'react';
import { parseTagInput } from '../../lib/tag-input';
import { Dialog } from '../ui/dialog';
import { useTranslations } from 'next-intl';

/** Edits one chat's tags; they show on the chat and filter the list. */
export function TagsDialog({
  chat,
  onClose,
  onSave,
}: {
  chat: Chat | null;
  onClose: () => void;
  onSave: (chatId: string, tags: string[]) => Promise<boolean>;
}) {
  const t = useTranslations('sidebar');
  const [isSaving, setSaving] = useState(false);
  return (
    <Dialog
      open={chat !== null}
      onClose={onClose}
      title={t('tags.title')}
      description={chat ? t('tags.description', { title: chat.title }) : undefined}
    >
      {chat ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const input = new FormData(event.currentTarget).get('tags');
            setSaving(true);
            void onSave(chat.id, parseTagInput(typeof input === 'string' ? input : '')).then((saved) => {
              setSaving(false);
              if (saved) onClose();
            });
          }}
          className="flex flex-col gap-3"
        >
          <input
            name="tags"
            aria-label={t('tags.label')}
            defaultValue={chat.tags.join(', ')}
            placeholder={t('tags.placeholder')}
            maxLength={2000}
            autoFocus
            className="input"
          />
          <div className="flex justify-end gap-2">
            <button type="button" className="button" onClick={onClose}>
              {t('cancel')}
            </button>
            <button type="submit" className="button-primary" disabled={isSaving}>
              {t('tags.save')}
            </button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
