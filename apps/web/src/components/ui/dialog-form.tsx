'use client';

import type { ReactNode } from 'react';
import { Dialog } from './dialog';
import { SubmitForm, type Submission } from './submit-form';

/**
 * A button that opens a dialog holding a form (a new user, a deletion to confirm): the form's
 * error, its fields, then cancel and submit. The caller keeps `open`, so a submission can close it.
 */
export function DialogForm({
  open,
  setOpen,
  trigger,
  title,
  description,
  submission,
  labels,
  isDanger = false,
  children,
}: {
  open: boolean;
  setOpen: (open: boolean) => void;
  /** `ariaLabel` when the visible label alone does not say what it acts on. */
  trigger: { label: string; className: string; ariaLabel?: string };
  title: string;
  description: string;
  submission: Submission;
  labels: { submit: string; pending: string; cancel: string };
  isDanger?: boolean;
  children: ReactNode;
}) {
  return (
    <>
      <button
        type="button"
        className={trigger.className}
        aria-label={trigger.ariaLabel}
        onClick={() => setOpen(true)}
      >
        {trigger.label}
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title={title} description={description}>
        <SubmitForm
          submission={submission}
          submitLabel={labels.submit}
          pendingLabel={labels.pending}
          submitClassName={isDanger ? 'button-danger' : 'button-primary'}
          cancel={{ label: labels.cancel, onClick: () => setOpen(false) }}
        >
          {children}
        </SubmitForm>
      </Dialog>
    </>
  );
}
