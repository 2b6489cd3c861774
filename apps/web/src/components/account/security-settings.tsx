'use client';

import { useTranslations } from 'next-intl';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useDescribeError } from '../../hooks/use-describe-error';
import { identityApi } from '../../lib/identity-api';
import { FormError } from '../auth/auth-card';
import { formText, useFormSubmit } from '../auth/use-form-submit';
import { LoadError, PageFrame, Panel } from '../ui/page-frame';
import { TotpEnrolment } from './totp-enrolment';

const STATUS_KEY = ['account', 'two-factor'] as const;

/** The Security page: two-factor authentication on or off. */
export function SecuritySettings() {
  const t = useTranslations('account.security');
  return (
    <PageFrame title={t('title')}>
      <Panel title={t('twoFactor')}>
        <TwoFactorPanel />
      </Panel>
    </PageFrame>
  );
}

function TwoFactorPanel() {
  const describeError = useDescribeError();
  const t = useTranslations('account.security');
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: STATUS_KEY, queryFn: () => identityApi.status() });
  const [isEnrolling, setEnrolling] = useState(false);
  const { isPending, error, onSubmit } = useFormSubmit(async (data) => {
    await identityApi.disable(formText(data, 'password'));
    await queryClient.invalidateQueries({ queryKey: STATUS_KEY });
  });

  if (status.isError)
    return <LoadError message={describeError(status.error)} onRetry={() => void status.refetch()} />;
  if (!status.data) return <p className="text-sm text-muted">{t('loading')}</p>;

  if (isEnrolling) {
    return (
      <TotpEnrolment
        onDone={() => {
          setEnrolling(false);
          void queryClient.invalidateQueries({ queryKey: STATUS_KEY });
        }}
      />
    );
  }
  if (!status.data.totpEnabled) {
    return (
      <div>
        <p className="mb-3 text-sm">
          {t('off')}
          {status.data.required ? ` ${t('offRequired')}` : ''}
        </p>
        <button type="button" className="button-primary" onClick={() => setEnrolling(true)}>
          {t('setUp')}
        </button>
      </div>
    );
  }
  return (
    <div>
      <p className="mb-3 text-sm">
        {t('on', { left: status.data.recoveryCodesLeft, total: 10 })}
        {status.data.required ? ` ${t('onRequired')}` : ''}
      </p>
      <form method="post" onSubmit={onSubmit} className="max-w-sm">
        <FormError message={error} />
        <label htmlFor="disable-password" className="label">
          {t('passwordToTurnOff')}
        </label>
        <input
          id="disable-password"
          name="password"
          type="password"
          autoComplete="current-password"
          className="input mb-3"
          required
          maxLength={128}
        />
        <button type="submit" className="button-danger" disabled={isPending}>
          {isPending ? t('turningOff') : t('turnOff')}
        </button>
      </form>
    </div>
  );
}
