'use client';

import { useTranslations } from 'next-intl';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { accountApi } from '../../lib/account-api';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@vivier/contracts/constants';
import { FormError } from '../auth/auth-card';
import { formText, useFormSubmit } from '../auth/use-form-submit';
import { Panel } from '../ui/page-frame';
import { sessionsQueryKey } from './sessions-panel';

/** A new password signs every other device out; this one stays signed in. */
export function PasswordPanel() {
  const t = useTranslations('account.password');
  const queryClient = useQueryClient();
  const [done, setDone] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const { isPending, error, setError, onSubmit } = useFormSubmit(async (data) => {
    setDone(false);
    const newPassword = formText(data, 'newPassword');
    if (newPassword !== formText(data, 'confirmPassword')) {
      setError(t('mismatch'));
      return;
    }
    await accountApi.changePassword({ currentPassword: formText(data, 'currentPassword'), newPassword });
    setDone(true);
    form.current?.reset();
    await queryClient.invalidateQueries({ queryKey: sessionsQueryKey });
  });

  return (
    <Panel title={t('title')}>
      <form ref={form} onSubmit={onSubmit} className="max-w-md">
        <FormError message={error} />
        <label htmlFor="current-password" className="label">
          {t('current')}
        </label>
        <input
          id="current-password"
          name="currentPassword"
          type="password"
          required
          autoComplete="current-password"
          maxLength={PASSWORD_MAX_LENGTH}
          className="input mb-3"
        />
        <label htmlFor="new-password" className="label">
          {t('new')}
        </label>
        <input
          id="new-password"
          name="newPassword"
          type="password"
          required
          autoComplete="new-password"
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          className="input mb-3"
        />
        <label htmlFor="confirm-password" className="label">
          {t('repeat')}
        </label>
        <input
          id="confirm-password"
          name="confirmPassword"
          type="password"
          required
          autoComplete="new-password"
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          className="input mb-3"
        />
        {done ? (
          <p role="status" className="mb-3 text-sm text-muted">
            {t('changed')}
          </p>
        ) : null}
        <button type="submit" className="button-primary" disabled={isPending}>
          {isPending ? t('changing') : t('change')}
        </button>
      </form>
    </Panel>
  );
}
