'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { useAuthStore } from '../../stores/auth-store';
import { AuthCard, FormError } from './auth-card';
import { useTranslations } from 'next-intl';

/** Tokens are single-use: one request per token even when React runs the effect twice. */
const verifications = new Map<string, ReturnType<typeof api.auth.verifyEmail>>();

export function VerifyEmail() {
  const describeError = useDescribeError();
  const t = useTranslations('auth');
  const token = useSearchParams().get('token');
  const [state, setState] = useState<
    { kind: 'pending' } | { kind: 'verified'; email: string } | { kind: 'failed'; message: string }
  >(token ? { kind: 'pending' } : { kind: 'failed', message: t('verifyNoToken') });

  useEffect(() => {
    if (!token) return;
    let verification = verifications.get(token);
    if (!verification) {
      verification = api.auth.verifyEmail(token);
      verifications.set(token, verification);
    }
    let isCurrent = true;
    verification
      .then(({ user }) => {
        const auth = useAuthStore.getState();
        if (auth.user?.id === user.id) auth.signedIn(user);
        if (isCurrent) setState({ kind: 'verified', email: user.email });
      })
      .catch((error: unknown) => {
        if (isCurrent) setState({ kind: 'failed', message: describeError(error) });
      });
    return () => {
      isCurrent = false;
    };
  }, [token]);

  return (
    <AuthCard title={t('confirmEmail')}>
      {state.kind === 'pending' ? (
        <p role="status">{t('confirmingEmail')}</p>
      ) : state.kind === 'verified' ? (
        <div role="status">
          <p className="mb-4">
            {t.rich('emailVerified', { email: state.email, strong: (chunks) => <strong>{chunks}</strong> })}
          </p>
          <Link href="/chat" className="button-primary w-full">
            {t('continueToVivier')}
          </Link>
        </div>
      ) : (
        <>
          <FormError message={state.message} />
          <Link href="/chat" className="button w-full">
            {t('goToVivier')}
          </Link>
        </>
      )}
    </AuthCard>
  );
}
