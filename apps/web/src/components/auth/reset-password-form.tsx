'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { api } from '../../lib/api';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@vivier/contracts/constants';
import { AuthCard, Field, FormError } from './auth-card';
import { useIsHydrated } from '../../hooks/use-is-hydrated';
import { formText, useFormSubmit } from './use-form-submit';
import { useTranslations } from 'next-intl';

export function ResetPasswordForm() {
  const t = useTranslations('auth');
  const token = useSearchParams().get('token');
  const [isDone, setDone] = useState(false);
  const isHydrated = useIsHydrated();
  const { isPending, error, setError, onSubmit } = useFormSubmit(async (data) => {
    const password = formText(data, 'password');
    if (password !== formText(data, 'confirm')) {
      setError(t('passwordsDiffer'));
      return;
    }
    await api.auth.resetPassword(token ?? '', password);
    setDone(true);
  });

  if (isDone) {
    return (
      <AuthCard title={t('passwordChanged')}>
        <p role="status" className="mb-4">
          {t('passwordChangedBody')}
        </p>
        <Link href="/login" className="button-primary w-full">
          {t('signIn')}
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title={t('chooseNewPassword')}
      footer={
        <Link href="/login" className="underline">
          {t('backToSignIn')}
        </Link>
      }
    >
      {token ? (
        <form method="post" onSubmit={onSubmit}>
          <FormError message={error} />
          <Field
            label={t('newPassword')}
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={PASSWORD_MIN_LENGTH}
            maxLength={PASSWORD_MAX_LENGTH}
            hint={t('passwordHint', { min: PASSWORD_MIN_LENGTH })}
          />
          <Field
            label={t('confirmNewPassword')}
            name="confirm"
            type="password"
            autoComplete="new-password"
            maxLength={PASSWORD_MAX_LENGTH}
          />
          <button type="submit" className="button-primary w-full" disabled={isPending || !isHydrated}>
            {isPending ? t('saving') : t('changePassword')}
          </button>
        </form>
      ) : (
        <FormError message={t('resetNoToken')} />
      )}
    </AuthCard>
  );
}
