'use client';

import type { User } from '@vivier/contracts';
import { useState } from 'react';
import { identityApi } from '../../lib/identity-api';
import { FormError } from './auth-card';
import { formText, useFormSubmit } from './use-form-submit';
import { useTranslations } from 'next-intl';

/** The login's second step: a code from the authenticator app, or a recovery code. */
export function MfaStep({ mfaToken, onSignedIn }: { mfaToken: string; onSignedIn: (user: User) => void }) {
  const t = useTranslations('auth');
  const [useRecovery, setUseRecovery] = useState(false);
  const { isPending, error, onSubmit } = useFormSubmit(async (data) => {
    const session = await identityApi.loginWithCode(mfaToken, formText(data, 'code').trim());
    onSignedIn(session.user);
  });
  return (
    <form method="post" onSubmit={onSubmit}>
      <FormError message={error} />
      <label htmlFor="mfa-code" className="label">
        {useRecovery ? t('recoveryCode') : t('authenticationCode')}
      </label>
      <input
        key={useRecovery ? 'recovery' : 'totp'}
        id="mfa-code"
        name="code"
        className="input mb-4"
        required
        autoFocus
        {...(useRecovery
          ? { autoComplete: 'off', maxLength: 20 }
          : {
              inputMode: 'numeric' as const,
              autoComplete: 'one-time-code',
              pattern: '[0-9]{6}',
              maxLength: 6,
            })}
      />
      <button type="submit" className="button-primary w-full" disabled={isPending}>
        {isPending ? t('checking') : t('verify')}
      </button>
      <p className="mt-4 text-center text-sm">
        <button type="button" className="text-muted underline" onClick={() => setUseRecovery(!useRecovery)}>
          {useRecovery ? t('useAuthenticatorApp') : t('useRecoveryCode')}
        </button>
      </p>
    </form>
  );
}
