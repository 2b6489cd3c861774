'use client';

import type { FormEvent, ReactNode } from 'react';
import { FormError } from '../auth/auth-card';

/** A form's submission as `useFormSubmit` runs it. */
export interface Submission {
  isPending: boolean;
  error: string | null;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
}

/**
 * A form that posts once at a time: the failure above the fields, the submit button saying while
 * it works, and (in a dialog) a cancel button before it.
 */
export function SubmitForm({
  submission,
  submitLabel,
  pendingLabel,
  submitClassName = 'button-primary',
  cancel,
  className,
  children,
}: {
  submission: Submission;
  submitLabel: string;
  pendingLabel: string;
  submitClassName?: string;
  cancel?: { label: string; onClick: () => void };
  className?: string;
  children: ReactNode;
}) {
  const submit = (
    <button type="submit" className={submitClassName} disabled={submission.isPending}>
      {submission.isPending ? pendingLabel : submitLabel}
    </button>
  );
  return (
    <form method="post" onSubmit={submission.onSubmit} className={className}>
      <FormError message={submission.error} />
      {children}
      {cancel ? (
        <div className="flex justify-end gap-2">
          <button type="button" className="button" onClick={cancel.onClick}>
            {cancel.label}
          </button>
          {submit}
        </div>
      ) : (
        submit
      )}
    </form>
  );
}
