'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';

/** Inline editing of a user message; saving sends it as a new branch. */
export function MessageEditor({
  initial,
  onSave,
  onCancel,
}: {
  initial: string;
  onSave: (content: string) => Promise<boolean>;
  onCancel: () => void;
}) {
  const t = useTranslations('chat.editor');
  const [value, setValue] = useState(initial);
  const [isSaving, setSaving] = useState(false);
  const canSave = value.trim().length > 0 && !isSaving;
  const save = async () => {
    if (!canSave) return;
    setSaving(true);
    const saved = await onSave(value);
    setSaving(false);
    if (saved) onCancel();
  };
  return (
    <div className="w-full rounded-2xl border border-border bg-raised p-2">
      <textarea
        aria-label={t('label')}
        value={value}
        autoFocus
        rows={Math.min(10, Math.max(2, value.split('\n').length))}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            void save();
          }
          if (event.key === 'Escape') {
            event.stopPropagation();
            onCancel();
          }
        }}
        className="w-full resize-none bg-transparent p-1 text-sm outline-none"
      />
      <div className="flex justify-end gap-2">
        <button type="button" className="button py-1" onClick={onCancel}>
          {t('cancel')}
        </button>
        <button type="button" className="button-primary py-1" disabled={!canSave} onClick={() => void save()}>
          {isSaving ? t('sending') : t('save')}
        </button>
      </div>
    </div>
  );
}
