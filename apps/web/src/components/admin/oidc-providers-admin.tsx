'use client';

import { useTranslations } from 'next-intl';
import type { OidcGroupMappingEntry, OidcProviderView } from '@vivier/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { adminApi } from '../../lib/admin-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { identityApi } from '../../lib/identity-api';
import { FormError } from '../auth/auth-card';
import { formText, useFormSubmit } from '../auth/use-form-submit';
import { notifyError, notifyInfo } from '../ui/notices';
import { LoadError } from '../ui/page-frame';
import { GROUPS_KEY } from './groups-editor';

const PROVIDERS_KEY = ['admin', 'oidc-providers'] as const;

/** The OIDC providers: env ones read-only, admin ones added, edited (mapping included) and removed. */
export function OidcProvidersAdmin() {
  const describeError = useDescribeError();
  const t = useTranslations('admin.oidc');
  const queryClient = useQueryClient();
  const providers = useQuery({
    queryKey: PROVIDERS_KEY,
    queryFn: () => identityApi.admin.oidcProviders.list(),
  });
  const [editing, setEditing] = useState<string | null>(null);
  // A new key mounts an empty add form once a provider was added.
  const [addFormKey, setAddFormKey] = useState(0);
  const refresh = () => queryClient.invalidateQueries({ queryKey: PROVIDERS_KEY });
  const remove = useMutation({
    mutationFn: (id: string) => identityApi.admin.oidcProviders.remove(id),
    onSuccess: refresh,
    onError: (error) => notifyError(describeError(error)),
  });

  if (providers.isError)
    return <LoadError message={describeError(providers.error)} onRetry={() => void providers.refetch()} />;
  return (
    <div>
      {providers.data?.length ? (
        <ul className="mb-4 divide-y divide-border text-sm" aria-label={t('list')}>
          {providers.data.map((provider) => (
            <li key={provider.id} className="py-2" aria-label={provider.label}>
              <div className="flex items-center gap-2">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">
                    {t.rich('title', {
                      label: provider.label,
                      id: provider.id,
                      muted: (chunks) => <span className="text-xs text-muted">{chunks}</span>,
                    })}
                  </p>
                  <p className="truncate text-xs text-muted">
                    {provider.issuer}
                    {' · '}
                    {provider.allowLinking ? t('links') : t('noLinking')}
                    {provider.groupMapping.length > 0
                      ? ` · ${t('mappings', { count: provider.groupMapping.length })}`
                      : ''}
                    {provider.enabled ? '' : ` · ${t('off')}`}
                  </p>
                </div>
                {provider.source === 'env' ? (
                  <span className="text-xs text-muted">{t('fromEnv')}</span>
                ) : (
                  <>
                    <button
                      type="button"
                      className="button py-1"
                      aria-label={t('editLabel', { name: provider.label })}
                      aria-expanded={editing === provider.id}
                      onClick={() => setEditing(editing === provider.id ? null : provider.id)}
                    >
                      {t('edit')}
                    </button>
                    <button
                      type="button"
                      className="button py-1 text-danger"
                      aria-label={t('removeLabel', { name: provider.label })}
                      disabled={remove.isPending}
                      onClick={() => remove.mutate(provider.id)}
                    >
                      {t('remove')}
                    </button>
                  </>
                )}
              </div>
              {editing === provider.id ? (
                <ProviderForm
                  provider={provider}
                  onSaved={async (saved) => {
                    setEditing(null);
                    notifyInfo(t('saved', { name: saved.label }));
                    await refresh();
                  }}
                />
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mb-4 text-sm text-muted">{t('empty')}</p>
      )}
      <ProviderForm
        key={addFormKey}
        onSaved={async () => {
          setAddFormKey((key) => key + 1);
          await refresh();
        }}
      />
    </div>
  );
}

/** Adds a provider, or edits `provider` (its id fixed; an empty secret keeps the stored one). */
function ProviderForm({
  provider,
  onSaved,
}: {
  provider?: OidcProviderView;
  onSaved: (saved: OidcProviderView) => Promise<unknown>;
}) {
  const t = useTranslations('admin.oidc');
  const [mapping, setMapping] = useState<OidcGroupMappingEntry[]>(provider?.groupMapping ?? []);
  const prefix = provider ? `oidc-${provider.id}` : 'oidc-new';
  const { isPending, error, onSubmit } = useFormSubmit(async (data) => {
    const optional = (name: string) => formText(data, name).trim() || null;
    const secret = optional('clientSecret');
    const settings = {
      label: formText(data, 'label').trim(),
      issuer: formText(data, 'issuer').trim(),
      clientId: formText(data, 'clientId').trim(),
      allowLinking: data.get('allowLinking') === 'on',
      adminClaim: optional('adminClaim'),
      adminValue: optional('adminValue'),
      groupsClaim: formText(data, 'groupsClaim').trim() || 'groups',
      groupMapping: mapping.filter((entry) => entry.value.trim() && entry.group),
      enabled: provider ? data.get('enabled') === 'on' : true,
    };
    const saved = provider
      ? await identityApi.admin.oidcProviders.update(provider.id, {
          ...settings,
          ...(secret ? { clientSecret: secret } : {}),
        })
      : await identityApi.admin.oidcProviders.create({
          id: formText(data, 'id').trim(),
          ...settings,
          clientSecret: secret,
        });
    await onSaved(saved);
  });
  const defaults: Record<string, string> = provider
    ? {
        label: provider.label,
        issuer: provider.issuer,
        clientId: provider.clientId,
        adminClaim: provider.adminClaim ?? '',
        adminValue: provider.adminValue ?? '',
        groupsClaim: provider.groupsClaim,
      }
    : {};
  const field = (name: string) => ({ name, prefix, defaultValue: defaults[name] ?? '' });

  return (
    <form
      method="post"
      onSubmit={onSubmit}
      className="mt-2 grid max-w-lg gap-2"
      aria-label={provider ? t('editLabel', { name: provider.label }) : t('addTitle')}
    >
      <FormError message={error} />
      {provider ? null : (
        <ProviderField {...field('id')} label={t('fields.id')} placeholder="keycloak" required />
      )}
      <ProviderField
        {...field('label')}
        label={t('fields.label')}
        placeholder={t('fields.labelPlaceholder')}
        required
      />
      <ProviderField
        {...field('issuer')}
        label={t('fields.issuer')}
        placeholder="https://sso.example.com/realms/staff"
        required
      />
      <ProviderField {...field('clientId')} label={t('fields.clientId')} required />
      <ProviderField
        {...field('clientSecret')}
        label={provider?.hasClientSecret ? t('fields.secretKeep') : t('fields.secret')}
        type="password"
      />
      <ProviderField {...field('adminClaim')} label={t('fields.adminClaim')} placeholder="groups" />
      <ProviderField {...field('adminValue')} label={t('fields.adminValue')} placeholder="vivier-admins" />
      <ProviderField {...field('groupsClaim')} label={t('fields.groupsClaim')} placeholder="groups" />
      <GroupMappingEditor prefix={prefix} mapping={mapping} onChange={setMapping} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="allowLinking" defaultChecked={provider?.allowLinking ?? false} />{' '}
        {t('fields.allowLinking')}
      </label>
      {provider ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="enabled" defaultChecked={provider.enabled} /> {t('fields.enabled')}
        </label>
      ) : null}
      <button type="submit" className="button-primary justify-self-start" disabled={isPending}>
        {provider ? (isPending ? t('saving') : t('save')) : isPending ? t('adding') : t('add')}
      </button>
    </form>
  );
}

/** Claim value → group rows; a member of a mapped group follows the claim at each sign-in. */
function GroupMappingEditor({
  prefix,
  mapping,
  onChange,
}: {
  prefix: string;
  mapping: OidcGroupMappingEntry[];
  onChange: (mapping: OidcGroupMappingEntry[]) => void;
}) {
  const t = useTranslations('admin.oidc.mapping');
  const groups = useQuery({ queryKey: GROUPS_KEY, queryFn: () => adminApi.groups.list() });
  const update = (index: number, change: Partial<OidcGroupMappingEntry>) =>
    onChange(mapping.map((entry, at) => (at === index ? { ...entry, ...change } : entry)));
  return (
    <fieldset className="grid gap-2 rounded border border-border p-2">
      <legend className="px-1 text-sm">{t('title')}</legend>
      <p className="text-xs text-muted">{t('hint')}</p>
      {mapping.map((entry, index) => (
        <div key={index} className="flex items-end gap-2">
          <div className="flex-1">
            <label className="label" htmlFor={`${prefix}-claim-${index}`}>
              {t('claimValue', { n: index + 1 })}
            </label>
            <input
              id={`${prefix}-claim-${index}`}
              className="input"
              value={entry.value}
              placeholder="engineering"
              onChange={(event) => update(index, { value: event.target.value })}
            />
          </div>
          <div className="flex-1">
            <label className="label" htmlFor={`${prefix}-group-${index}`}>
              {t('group', { n: index + 1 })}
            </label>
            <select
              id={`${prefix}-group-${index}`}
              className="input"
              value={entry.group}
              onChange={(event) => update(index, { group: event.target.value })}
            >
              <option value="">{t('choose')}</option>
              {groups.data?.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="button py-1"
            aria-label={t('removeLabel', { n: index + 1 })}
            onClick={() => onChange(mapping.filter((_, at) => at !== index))}
          >
            {t('remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button justify-self-start py-1"
        onClick={() => onChange([...mapping, { value: '', group: '' }])}
      >
        {t('add')}
      </button>
    </fieldset>
  );
}

function ProviderField({
  name,
  prefix,
  label,
  type = 'text',
  placeholder,
  defaultValue,
  required = false,
}: {
  name: string;
  prefix: string;
  label: string;
  type?: string;
  placeholder?: string;
  defaultValue?: string;
  required?: boolean;
}) {
  return (
    <div>
      <label htmlFor={`${prefix}-${name}`} className="label">
        {label}
      </label>
      <input
        id={`${prefix}-${name}`}
        name={name}
        type={type}
        placeholder={placeholder}
        defaultValue={type === 'password' ? undefined : defaultValue}
        required={required}
        className="input"
      />
    </div>
  );
}
