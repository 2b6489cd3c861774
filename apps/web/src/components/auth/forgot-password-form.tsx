'use client';

import Link from 'next/link';
import { useState } from 'react';
import { api } from '../../lib/api';
import { AuthCard, Field, FormError } from './auth-card';
import { useIsHydrated } from '../../hooks/use-is-hydrated';
import { formText, useFormSubmit } from './use-form-submit';

export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const isHydrated = useIsHydrated();
  const { isPending, error, onSubmit } = useFormSubmit(async (data) => {
    const email = formText(data, 'email').trim();
    await api.auth.forgotPassword(email);
    setSentTo(email);
  });
  return (
    <AuthCard
      title="Reset your password"
      footer={
        <Link href="/login" className="underline">
          Back to sign in
        </Link>
      }
    >
      {sentTo ? (
        <p role="status">
          If an account exists for <strong>{sentTo}</strong>, we have sent it a link to choose a new password.
          The link is valid for one hour.
        </p>
      ) : (
        <form method="post" onSubmit={onSubmit}>
          <FormError message={error} />
          <p className="mb-4 text-sm text-muted">
            Enter your email and we will send you a link to choose a new password.
          </p>
          <Field label="Email" name="email" type="email" autoComplete="email" maxLength={254} />
          <button type="submit" className="button-primary w-full" disabled={isPending || !isHydrated}>
            {isPending ? 'Sending…' : 'Send reset link'}
          </button>
        </form>
      )}
    </AuthCard>
  );
}
