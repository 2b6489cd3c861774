'use client';

import type { MfaRequirement } from '@vivier/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../../lib/error-message';
import { identityApi } from '../../lib/identity-api';
import { notifyError, notifyInfo } from '../ui/notices';
import { LoadError, Panel } from '../ui/page-frame';
import { ApiAccessForm } from './api-access-form';
import { OidcProvidersAdmin } from './oidc-providers-admin';

const POLICY_KEY = ['admin', 'mfa-policy'] as const;

const requirementLabels: Record<MfaRequirement, string> = {
  off: 'Optional for everyone',
  admins: 'Required for admins',
  everyone: 'Required for everyone',
};

/** Admins' sign-in settings: who must use two-factor, single sign-on, and who may use the API with keys. */
export function SignInSettings() {
  return (
    <div className="grid gap-4">
      <Panel title="Two-factor authentication">
        <MfaPolicyForm />
      </Panel>
      <Panel title="Single sign-on (OpenID Connect)">
        <OidcProvidersAdmin />
      </Panel>
      <Panel title="OpenAI-compatible API">
        <ApiAccessForm />
      </Panel>
    </div>
  );
}

function MfaPolicyForm() {
  const queryClient = useQueryClient();
  const policy = useQuery({ queryKey: POLICY_KEY, queryFn: () => identityApi.admin.mfaPolicy() });
  const save = useMutation({
    mutationFn: (require: MfaRequirement) => identityApi.admin.setMfaPolicy(require),
    onSuccess: (saved) => {
      queryClient.setQueryData(POLICY_KEY, saved);
      notifyInfo(`Two-factor: ${requirementLabels[saved.require].toLowerCase()}`);
    },
    onError: (error) => notifyError(describeError(error)),
  });
  if (policy.isError)
    return <LoadError message={describeError(policy.error)} onRetry={() => void policy.refetch()} />;
  if (!policy.data) return <p className="text-sm text-muted">Loading…</p>;
  return (
    <div>
      <label htmlFor="mfa-requirement" className="label">
        Who must use it
      </label>
      <select
        id="mfa-requirement"
        className="input max-w-xs"
        value={policy.data.require}
        disabled={save.isPending}
        onChange={(event) => save.mutate(event.target.value as MfaRequirement)}
      >
        {(Object.keys(requirementLabels) as MfaRequirement[]).map((value) => (
          <option key={value} value={value}>
            {requirementLabels[value]}
          </option>
        ))}
      </select>
      <p className="mt-2 text-xs text-muted">
        People who must and have not enrolled are asked to set it up right after their password. Single
        sign-on leaves two-factor to the identity provider.
      </p>
    </div>
  );
}
