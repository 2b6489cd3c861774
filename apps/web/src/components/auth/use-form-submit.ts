'use client';

import { useState, type FormEvent } from 'react';
import { useDescribeError } from '../../hooks/use-describe-error';

/** Runs a form's action with a pending flag and the API's error message, read from FormData. */
export function useFormSubmit(action: (data: FormData) => Promise<void>) {
  const describeError = useDescribeError();
  const [isPending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isPending) return;
    setPending(true);
    setError(null);
    action(new FormData(event.currentTarget))
      .catch((failure: unknown) => setError(describeError(failure)))
      .finally(() => setPending(false));
  };
  return { isPending, error, setError, onSubmit };
}

export const formText = (data: FormData, name: string) => {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
};

/** Only same-site paths: `?next=https://evil` must not become an open redirect. */
export function safeNextPath(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')
    ? value
    : '/chat';
}
