'use client';

import { useTranslations } from 'next-intl';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useDescribeError } from '../../hooks/use-describe-error';
import { identityApi } from '../../lib/identity-api';
import { formText, useFormSubmit } from '../auth/use-form-submit';
import { LabelledInput } from '../ui/labelled-field';
import { LoadError, PageFrame, Panel } from '../ui/page-frame';
import { SubmitForm } from '../ui/submit-form';
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
  const turnOff = useFormSubmit(async (data) => {
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
      <SubmitForm
        submission={turnOff}
        submitLabel={t('turnOff')}
        pendingLabel={t('turningOff')}
        submitClassName="button-danger"
        className="max-w-sm"
      >
        <LabelledInput
          id="disable-password"
          label={t('passwordToTurnOff')}
          className="mb-3"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={128}
        />
      </SubmitForm>
    </div>
  );
}
