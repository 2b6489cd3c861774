'use client';

import Link from 'next/link';
import { useState } from 'react';
import { api } from '../../lib/api';
import { AuthCard, Field, FormError } from './auth-card';
import { useIsHydrated } from '../../hooks/use-is-hydrated';
import { formText, useFormSubmit } from './use-form-submit';
import { useTranslations } from 'next-intl';

export function ForgotPasswordForm() {
  const t = useTranslations('auth');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const isHydrated = useIsHydrated();
  const { isPending, error, onSubmit } = useFormSubmit(async (data) => {
    const email = formText(data, 'email').trim();
    await api.auth.forgotPassword(email);
    setSentTo(email);
  });
  return (
    <AuthCard
      title={t('resetTitle')}
      footer={
        <Link href="/login" className="underline">
          {t('backToSignIn')}
        </Link>
      }
    >
      {sentTo ? (
        <p role="status">
          {t.rich('resetSent', { email: sentTo, strong: (chunks) => <strong>{chunks}</strong> })}
        </p>
      ) : (
        <form method="post" onSubmit={onSubmit}>
          <FormError message={error} />
          <p className="mb-4 text-sm text-muted">{t('resetIntro')}</p>
          <Field label={t('email')} name="email" type="email" autoComplete="email" maxLength={254} />
          <button type="submit" className="button-primary w-full" disabled={isPending || !isHydrated}>
            {isPending ? t('sending') : t('sendResetLink')}
          </button>
        </form>
      )}
    </AuthCard>
  );
}
