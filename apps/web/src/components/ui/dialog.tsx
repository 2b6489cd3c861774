'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { CloseIcon } from './icons';

interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: string;
  children: ReactNode;
  /** Shown at the bottom right (buttons). */
  actions?: ReactNode;
}

/**
 * A modal on the native <dialog>: the browser traps focus, closes on Esc and restores focus to
 * whatever opened it; the title names it for assistive technology.
 */
export function Dialog({ open, onClose, title, description, children, actions }: DialogProps) {
  const t = useTranslations('common');
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (event.target === ref.current) onClose();
      }}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-2xl border border-border bg-raised p-0 text-fg shadow-xl backdrop:bg-black/40"
    >
      {open ? (
        <div className="p-5">
          <div className="mb-3 flex items-start justify-between gap-4">
            <h2 id={titleId} className="text-lg font-semibold">
              {title}
            </h2>
            <button
              type="button"
              className="icon-button -mr-2 -mt-1"
              aria-label={t('closeDialog')}
              onClick={onClose}
            >
              <CloseIcon />
            </button>
          </div>
          {description ? (
            <p id={descriptionId} className="mb-4 text-sm text-muted">
              {description}
            </p>
          ) : null}
          {children}
          {actions ? <div className="mt-5 flex justify-end gap-2">{actions}</div> : null}
        </div>
      ) : null}
    </dialog>
  );
}

export const isDialogOpen = () =>
  typeof document !== 'undefined' && document.querySelector('dialog[open]') !== null;
