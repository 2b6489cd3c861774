'use client';

import { useTranslations } from 'next-intl';
import { useState, type ReactNode } from 'react';
import { useDescribeError } from '../../hooks/use-describe-error';

/**
 * The frame of the preset and prompt editors: the fields, then save (one save at a time, its
 * failure shown under the buttons) and an optional cancel. `save` throws to report a failure.
 */
export function EditorForm({
  label,
  submitLabel,
  canSubmit,
  save,
  onCancel,
  children,
}: {
  label: string;
  submitLabel: string;
  canSubmit: boolean;
  save: () => Promise<void>;
  onCancel?: () => void;
  children: ReactNode;
}) {
  const describeError = useDescribeError();
  const t = useTranslations('presets.editor');
  const [isSaving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setSaving(true);
    setError(null);
    try {
      await save();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="grid gap-3"
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {children}
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" className="button-primary" disabled={isSaving || !canSubmit}>
          {isSaving ? t('saving') : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            {t('cancel')}
          </button>
        ) : null}
        {error ? (
          <p role="alert" className="w-full text-sm text-danger">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
