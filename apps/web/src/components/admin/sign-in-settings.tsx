'use client';

import type { MfaRequirement } from '@vivier/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../../lib/error-message';
import { identityApi } from '../../lib/identity-api';
import { FormError } from '../auth/auth-card';
import { formText, useFormSubmit } from '../auth/use-form-submit';
import { notifyError, notifyInfo } from '../ui/notices';
import { LoadError, Panel } from '../ui/page-frame';
import { ApiAccessForm } from './api-access-form';

const POLICY_KEY = ['admin', 'mfa-policy'] as const;
const PROVIDERS_KEY = ['admin', 'oidc-providers'] as const;

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
        <OidcProviders />
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

function OidcProviders() {
  const queryClient = useQueryClient();
  const providers = useQuery({ queryKey: PROVIDERS_KEY, queryFn: () => identityApi.admin.providers() });
  const refresh = () => queryClient.invalidateQueries({ queryKey: PROVIDERS_KEY });
  const remove = useMutation({
    mutationFn: (id: string) => identityApi.admin.deleteProvider(id),
    onSuccess: refresh,
    onError: (error) => notifyError(describeError(error)),
  });
  const { isPending, error, onSubmit } = useFormSubmit(async (data) => {
    const optional = (name: string) => formText(data, name).trim() || null;
    await identityApi.admin.createProvider({
      id: formText(data, 'id').trim(),
      label: formText(data, 'label').trim(),
      issuer: formText(data, 'issuer').trim(),
      clientId: formText(data, 'clientId').trim(),
      clientSecret: optional('clientSecret'),
      allowLinking: data.get('allowLinking') === 'on',
      adminClaim: optional('adminClaim'),
      adminValue: optional('adminValue'),
      enabled: true,
    });
    await refresh();
  });

  if (providers.isError)
    return <LoadError message={describeError(providers.error)} onRetry={() => void providers.refetch()} />;
  return (
    <div>
      {providers.data?.length ? (
        <ul className="mb-4 divide-y divide-border text-sm" aria-label="Sign-in providers">
          {providers.data.map((provider) => (
            <li key={provider.id} className="flex items-center gap-2 py-2" aria-label={provider.label}>
              <div className="min-w-0 flex-1">
                <p className="font-medium">
                  {provider.label} <span className="text-xs text-muted">({provider.id})</span>
                </p>
                <p className="truncate text-xs text-muted">
                  {provider.issuer} · {provider.allowLinking ? 'links existing accounts' : 'no linking'}
                  {provider.enabled ? '' : ' · off'}
                </p>
              </div>
              {provider.source === 'env' ? (
                <span className="text-xs text-muted">from the environment</span>
              ) : (
                <button
                  type="button"
                  className="button py-1 text-danger"
                  aria-label={`Remove ${provider.label}`}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(provider.id)}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mb-4 text-sm text-muted">No providers yet: people sign in with email and password.</p>
      )}
      <form method="post" onSubmit={onSubmit} className="grid max-w-lg gap-2" aria-label="Add a provider">
        <FormError message={error} />
        <ProviderField name="id" label="Id (in the callback URL)" placeholder="keycloak" required />
        <ProviderField name="label" label="Button label" placeholder="Company SSO" required />
        <ProviderField
          name="issuer"
          label="Issuer URL"
          placeholder="https://sso.example.com/realms/staff"
          required
        />
        <ProviderField name="clientId" label="Client id" required />
        <ProviderField name="clientSecret" label="Client secret" type="password" />
        <ProviderField name="adminClaim" label="Admin claim (optional)" placeholder="groups" />
        <ProviderField name="adminValue" label="Admin claim value (optional)" placeholder="vivier-admins" />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="allowLinking" /> Link to existing accounts with the same verified email
        </label>
        <button type="submit" className="button-primary justify-self-start" disabled={isPending}>
          {isPending ? 'Adding…' : 'Add provider'}
        </button>
      </form>
    </div>
  );
}

function ProviderField({
  name,
  label,
  type = 'text',
  placeholder,
  required = false,
}: {
  name: string;
  label: string;
  type?: string;
  placeholder?: string;
  required?: boolean;
}) {
  return (
    <div>
      <label htmlFor={`oidc-${name}`} className="label">
        {label}
      </label>
      <input
        id={`oidc-${name}`}
        name={name}
        type={type}
        placeholder={placeholder}
        required={required}
        className="input"
      />
    </div>
  );
}
