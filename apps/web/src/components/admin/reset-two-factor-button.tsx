'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useDescribeError } from '../../hooks/use-describe-error';
import { identityApi } from '../../lib/identity-api';
import { notifyError, notifyInfo } from '../ui/notices';

/**
 * Turns off a user's two-factor (a lost phone): they sign in with the password alone next time.
 * The first click asks, the second resets.
 */
export function ResetTwoFactorButton({ userId, email }: { userId: string; email: string }) {
  const describeError = useDescribeError();
  const t = useTranslations('admin.twoFactor');
  const [state, setState] = useState<'idle' | 'confirm' | 'pending'>('idle');
  return (
    <button
      type="button"
      className={state === 'confirm' ? 'button mr-1 py-1 text-danger' : 'button mr-1 py-1'}
      disabled={state === 'pending'}
      aria-label={state === 'confirm' ? t('confirmLabel', { email }) : t('resetLabel', { email })}
      onBlur={() => setState((current) => (current === 'confirm' ? 'idle' : current))}
      onClick={() => {
        if (state === 'idle') return setState('confirm');
        setState('pending');
        identityApi.admin
          .resetTwoFactor(userId)
          .then(() => notifyInfo(t('done', { email })))
          .catch((error: unknown) => notifyError(describeError(error)))
          .finally(() => setState('idle'));
      }}
    >
      {/* The visible words are part of the accessible name (WCAG 2.5.3, label in name). */}
      {state === 'confirm' ? t('confirm') : t('reset')}
    </button>
  );
}
