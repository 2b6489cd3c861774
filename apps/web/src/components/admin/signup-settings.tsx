'use client';

import { useTranslations } from 'next-intl';
import type { SignupMode, SignupPolicy } from '@vivier/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { adminApi } from '../../lib/admin-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { notifyInfo } from '../ui/notices';
import { LoadError, Panel } from '../ui/page-frame';
import { InvitesPanel } from './invites-panel';

const POLICY_KEY = ['admin', 'signup-policy'] as const;

const modes: SignupMode[] = ['open', 'domains', 'invite', 'approval'];

/** Who may sign up, and invite links. Invites admit in every mode. */
export function SignupSettings() {
  const describeError = useDescribeError();
  const t = useTranslations('admin.signup');
  // Fetched on every visit: the form below starts from the policy as saved now.
  const policy = useQuery({
    queryKey: POLICY_KEY,
    queryFn: () => adminApi.signup.policy(),
    refetchOnMount: 'always',
  });

  return (
    <div className="flex flex-col gap-4">
      <Panel title={t('title')}>
        {policy.isError ? (
          <LoadError message={describeError(policy.error)} onRetry={() => void policy.refetch()} />
        ) : null}
        {/* The form starts from the policy as saved now (not a cached copy from an earlier visit),
            so a choice made before it loads is never overwritten; a refetch later leaves the
            admin's unsaved choice alone. */}
        {policy.data && policy.isFetchedAfterMount ? <PolicyForm initial={policy.data} /> : null}
        {policy.isFetchedAfterMount ? null : <p className="text-sm text-muted">{t('loading')}</p>}
      </Panel>
      <InvitesPanel />
    </div>
  );
}

function PolicyForm({ initial }: { initial: SignupPolicy }) {
  const describeError = useDescribeError();
  const t = useTranslations('admin.signup');
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<SignupMode>(initial.mode);
  const [domains, setDomains] = useState(initial.domains.join('\n'));
  const [error, setError] = useState<string | null>(null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const list = domains.split(/[\s,]+/).filter(Boolean);
      const saved = await adminApi.signup.savePolicy({
        mode,
        ...(mode === 'domains' ? { domains: list } : {}),
      });
      queryClient.setQueryData(POLICY_KEY, saved);
      notifyInfo(t('saved'));
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <form onSubmit={(event) => void save(event)}>
      <fieldset className="flex flex-col gap-2">
        <legend className="sr-only">{t('who')}</legend>
        {modes.map((option) => (
          <label key={option} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="signup-mode"
              value={option}
              checked={mode === option}
              onChange={() => setMode(option)}
              className="mt-1"
            />
            <span>
              <span className="font-medium">{t(`modes.${option}.label`)}</span>
              <span className="block text-xs text-muted">{t(`modes.${option}.hint`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {mode === 'domains' ? (
        <label className="mt-3 block text-sm">
          <span className="mb-1 block text-xs text-muted">{t('domains')}</span>
          <textarea
            className="input h-24 font-mono text-xs"
            value={domains}
            onChange={(event) => setDomains(event.target.value)}
            placeholder="example.com"
          />
        </label>
      ) : null}
      {error ? <LoadError message={error} /> : null}
      <button type="submit" className="button-primary mt-3">
        {t('save')}
      </button>
    </form>
  );
}
