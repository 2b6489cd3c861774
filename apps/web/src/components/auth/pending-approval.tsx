'use client';

import { useState } from 'react';
import { api } from '../../lib/api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { useAuthStore } from '../../stores/auth-store';
import { useTranslations } from 'next-intl';

/**
 * What an account awaiting approval sees instead of the app: every other API answers 403
 * ACCOUNT_PENDING until an admin approves it. "Check again" takes a fresh token (the approved
 * one carries no `pending`) and reloads the user.
 */
export function PendingApproval({ email }: { email: string }) {
  const describeError = useDescribeError();
  const t = useTranslations('auth');
  const [message, setMessage] = useState<string | null>(null);
  const [isChecking, setChecking] = useState(false);
  const check = async () => {
    setChecking(true);
    setMessage(null);
    try {
      await api.auth.renewSession();
      const { user } = await api.auth.me();
      if (user.pendingApproval) setMessage(t('stillWaiting'));
      else useAuthStore.getState().signedIn(user);
    } catch (error) {
      setMessage(describeError(error));
    } finally {
      setChecking(false);
    }
  };
  const signOut = async () => {
    await api.auth.logout().catch(() => undefined);
    useAuthStore.getState().signedOut();
  };
  return (
    <main className="flex h-dvh items-center justify-center p-6">
      <div className="max-w-md rounded-xl border border-border p-6 text-center">
        <h1 className="mb-2 text-xl font-semibold">{t('pendingTitle')}</h1>
        <p className="mb-4 text-sm text-muted">{t('pendingBody', { email })}</p>
        {message ? (
          <p role="status" className="mb-4 text-sm">
            {message}
          </p>
        ) : null}
        <div className="flex justify-center gap-2">
          <button type="button" className="button-primary" disabled={isChecking} onClick={() => void check()}>
            {isChecking ? t('checking') : t('checkAgain')}
          </button>
          <button type="button" className="button" onClick={() => void signOut()}>
            {t('signOut')}
          </button>
        </div>
      </div>
    </main>
  );
}
