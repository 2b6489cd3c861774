'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import { useAuthStore } from '../../stores/auth-store';
import { AuthCard, Field, FormError } from './auth-card';
import { useIsHydrated } from '../../hooks/use-is-hydrated';
import { formText, safeNextPath, useFormSubmit } from './use-form-submit';
import { MfaStep } from './mfa-step';
import { SsoButtons } from './sso-buttons';
import { TotpEnrolment } from '../account/totp-enrolment';
import { useTranslations } from 'next-intl';

/** After the password: nothing more, a code, or (required by the admins) enrolling first. */
type SecondStep = { kind: 'code'; mfaToken: string } | { kind: 'enrol'; mfaToken: string } | null;

export function LoginForm() {
  const t = useTranslations('auth');
  const router = useRouter();
  const next = safeNextPath(useSearchParams().get('next'));
  const status = useAuthStore((store) => store.status);
  useEffect(() => {
    if (status === 'authenticated') router.replace(next);
  }, [status, next, router]);

  const isHydrated = useIsHydrated();
  const [secondStep, setSecondStep] = useState<SecondStep>(null);
  const { isPending, error, onSubmit } = useFormSubmit(async (data) => {
    const answer = await api.auth.login({
      email: formText(data, 'email').trim(),
      password: formText(data, 'password'),
    });
    if ('mfaRequired' in answer) setSecondStep({ kind: 'code', mfaToken: answer.mfaToken });
    else if ('mfaEnrollmentRequired' in answer) setSecondStep({ kind: 'enrol', mfaToken: answer.mfaToken });
    else useAuthStore.getState().signedIn(answer.user);
  });

  if (secondStep?.kind === 'code') {
    return (
      <AuthCard title={t('twoFactorTitle')}>
        <MfaStep
          mfaToken={secondStep.mfaToken}
          onSignedIn={(user) => useAuthStore.getState().signedIn(user)}
        />
      </AuthCard>
    );
  }
  if (secondStep?.kind === 'enrol') {
    return (
      <AuthCard title={t('setUpTwoFactorTitle')}>
        <p className="mb-3 text-sm text-muted">{t('twoFactorRequired')}</p>
        <TotpEnrolment
          mfaToken={secondStep.mfaToken}
          onDone={({ user }) => {
            if (user) useAuthStore.getState().signedIn(user);
          }}
        />
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title={t('signIn')}
      footer={
        <>
          {t('newHere')}{' '}
          <Link href="/register" className="font-medium text-fg underline">
            {t('createAnAccount')}
          </Link>
        </>
      }
    >
      <SsoButtons />
      <form method="post" onSubmit={onSubmit}>
        <FormError message={error} />
        <Field label={t('email')} name="email" type="email" autoComplete="email" maxLength={254} />
        <Field
          label={t('password')}
          name="password"
          type="password"
          autoComplete="current-password"
          maxLength={128}
        />
        <button type="submit" className="button-primary w-full" disabled={isPending || !isHydrated}>
          {isPending ? t('signingIn') : t('signIn')}
        </button>
        <p className="mt-4 text-center text-sm">
          <Link href="/forgot-password" className="text-muted underline">
            {t('forgotPassword')}
          </Link>
        </p>
      </form>
    </AuthCard>
  );
}
