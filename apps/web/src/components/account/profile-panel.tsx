'use client';

import { useTranslations } from 'next-intl';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { accountApi } from '../../lib/account-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { useAuthStore } from '../../stores/auth-store';
import { FormError } from '../auth/auth-card';
import { formText, useFormSubmit } from '../auth/use-form-submit';
import { LoadError, Panel } from '../ui/page-frame';

const accountQueryKey = ['account'] as const;

/** Name and email. A new email applies once the link sent to it is followed. */
export function ProfilePanel() {
  const describeError = useDescribeError();
  const t = useTranslations('account.profile');
  const queryClient = useQueryClient();
  const account = useQuery({ queryKey: accountQueryKey, queryFn: accountApi.account });
  const [saved, setSaved] = useState<string | null>(null);
  const { isPending, error, onSubmit } = useFormSubmit(async (data) => {
    setSaved(null);
    const current = account.data?.user;
    const name = formText(data, 'name').trim();
    const email = formText(data, 'email').trim().toLowerCase();
    const updated = await accountApi.update({
      ...(name !== (current?.name ?? '') ? { name: name || null } : {}),
      ...(email !== current?.email ? { email } : {}),
    });
    queryClient.setQueryData(accountQueryKey, updated);
    useAuthStore.getState().signedIn(updated.user);
    setSaved(updated.pendingEmail ? t('linkSent', { email: updated.pendingEmail }) : t('saved'));
  });

  if (account.isError)
    return (
      <Panel title={t('title')}>
        <LoadError message={describeError(account.error)} onRetry={() => void account.refetch()} />
      </Panel>
    );
  const user = account.data?.user;
  return (
    <Panel title={t('title')}>
      {!user ? (
        <p className="text-sm text-muted" role="status">
          {t('loading')}
        </p>
      ) : (
        <form onSubmit={onSubmit} className="max-w-md" key={`${user.name}|${user.email}`}>
          <FormError message={error} />
          <label htmlFor="account-name" className="label">
            {t('name')}
          </label>
          <input
            id="account-name"
            name="name"
            className="input mb-3"
            maxLength={100}
            defaultValue={user.name ?? ''}
            autoComplete="name"
          />
          <label htmlFor="account-email" className="label">
            {t('email')}
          </label>
          <input
            id="account-email"
            name="email"
            type="email"
            required
            className="input mb-3"
            maxLength={254}
            defaultValue={user.email}
            autoComplete="email"
          />
          {account.data?.pendingEmail && !saved ? (
            <p className="mb-3 text-sm text-muted">
              {t.rich('pending', {
                email: account.data.pendingEmail,
                strong: (chunks) => <strong>{chunks}</strong>,
              })}
            </p>
          ) : null}
          {saved ? (
            <p role="status" className="mb-3 text-sm text-muted">
              {saved}
            </p>
          ) : null}
          <button type="submit" className="button-primary" disabled={isPending}>
            {isPending ? t('saving') : t('save')}
          </button>
        </form>
      )}
    </Panel>
  );
}
