'use client';

import { useTranslations } from 'next-intl';
import type { MfaRequirement } from '@vivier/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDescribeError } from '../../hooks/use-describe-error';
import { identityApi } from '../../lib/identity-api';
import { notifyError, notifyInfo } from '../ui/notices';
import { LoadError, Panel } from '../ui/page-frame';
import { ApiAccessForm } from './api-access-form';
import { OidcProvidersAdmin } from './oidc-providers-admin';

const POLICY_KEY = ['admin', 'mfa-policy'] as const;

const requirements: MfaRequirement[] = ['off', 'admins', 'everyone'];

/** Admins' sign-in settings: who must use two-factor, single sign-on, and who may use the API with keys. */
export function SignInSettings() {
  const t = useTranslations('admin.signIn');
  return (
    <div className="grid gap-4">
      <Panel title={t('twoFactor')}>
        <MfaPolicyForm />
      </Panel>
      <Panel title={t('sso')}>
        <OidcProvidersAdmin />
      </Panel>
      <Panel title={t('api')}>
        <ApiAccessForm />
      </Panel>
    </div>
  );
}

function MfaPolicyForm() {
  const describeError = useDescribeError();
  const t = useTranslations('admin.signIn');
  const queryClient = useQueryClient();
  const policy = useQuery({ queryKey: POLICY_KEY, queryFn: () => identityApi.admin.mfaPolicy() });
  const save = useMutation({
    mutationFn: (require: MfaRequirement) => identityApi.admin.setMfaPolicy(require),
    onSuccess: (saved) => {
      queryClient.setQueryData(POLICY_KEY, saved);
      notifyInfo(t('savedNotice', { require: saved.require }));
    },
    onError: (error) => notifyError(describeError(error)),
  });
  if (policy.isError)
    return <LoadError message={describeError(policy.error)} onRetry={() => void policy.refetch()} />;
  if (!policy.data) return <p className="text-sm text-muted">{t('loading')}</p>;
  return (
    <div>
      <label htmlFor="mfa-requirement" className="label">
        {t('whoMust')}
      </label>
      <select
        id="mfa-requirement"
        className="input max-w-xs"
        value={policy.data.require}
        disabled={save.isPending}
        onChange={(event) => save.mutate(event.target.value as MfaRequirement)}
      >
        {requirements.map((value) => (
          <option key={value} value={value}>
            {t(`requirements.${value}`)}
          </option>
        ))}
      </select>
      <p className="mt-2 text-xs text-muted">{t('hint')}</p>
    </div>
  );
}
