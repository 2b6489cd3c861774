'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { api } from '../../lib/api';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@vivier/contracts/constants';
import { AuthCard, Field, FormError } from './auth-card';
import { useIsHydrated } from '../../hooks/use-is-hydrated';
import { formText, useFormSubmit } from './use-form-submit';

export function ResetPasswordForm() {
  const token = useSearchParams().get('token');
  const [isDone, setDone] = useState(false);
  const isHydrated = useIsHydrated();
  const { isPending, error, setError, onSubmit } = useFormSubmit(async (data) => {
    const password = formText(data, 'password');
    if (password !== formText(data, 'confirm')) {
      setError('The two passwords do not match.');
      return;
    }
    await api.auth.resetPassword(token ?? '', password);
    setDone(true);
  });

  if (isDone) {
    return (
      <AuthCard title="Password changed">
        <p role="status" className="mb-4">
          Your password has been changed and every other session was signed out.
        </p>
        <Link href="/login" className="button-primary w-full">
          Sign in
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Choose a new password"
      footer={
        <Link href="/login" className="underline">
          Back to sign in
        </Link>
      }
    >
      {token ? (
        <form method="post" onSubmit={onSubmit}>
          <FormError message={error} />
          <Field
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={PASSWORD_MIN_LENGTH}
            maxLength={PASSWORD_MAX_LENGTH}
            hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          />
          <Field
            label="Confirm new password"
            name="confirm"
            type="password"
            autoComplete="new-password"
            maxLength={PASSWORD_MAX_LENGTH}
          />
          <button type="submit" className="button-primary w-full" disabled={isPending || !isHydrated}>
            {isPending ? 'Saving…' : 'Change password'}
          </button>
        </form>
      ) : (
        <FormError message="This link has no token. Ask for a new reset email." />
      )}
    </AuthCard>
  );
}
