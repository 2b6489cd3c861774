'use client';

import { useTranslations } from 'next-intl';
import type { InviteView } from '@vivier/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { adminApi } from '../../lib/admin-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { useLocaleFormat } from '../../i18n/use-locale-format';
import { notifyError, notifyInfo } from '../ui/notices';
import { LoadError, Panel } from '../ui/page-frame';

const INVITES_KEY = ['admin', 'invites'] as const;

/** Invite links: create (shown once, copy), list with their state, revoke. */
export function InvitesPanel() {
  const describeError = useDescribeError();
  const t = useTranslations('admin.invites');
  const localeFormat = useLocaleFormat();
  const queryClient = useQueryClient();
  const invites = useQuery({ queryKey: INVITES_KEY, queryFn: () => adminApi.signup.invites() });
  const [email, setEmail] = useState('');
  const [hours, setHours] = useState('72');
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const created = await adminApi.signup.createInvite({
        expiresInHours: Number(hours),
        ...(email.trim() ? { email: email.trim() } : {}),
      });
      setLink(created.url);
      setEmail('');
      queryClient.setQueryData<InviteView[]>(INVITES_KEY, (list) => [created.invite, ...(list ?? [])]);
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const revoke = async (invite: InviteView) => {
    try {
      await adminApi.signup.revokeInvite(invite.id);
      await queryClient.invalidateQueries({ queryKey: INVITES_KEY });
      notifyInfo(t('revoked'));
    } catch (failure) {
      notifyError(describeError(failure));
    }
  };

  return (
    <Panel title={t('title')}>
      <form className="flex flex-wrap items-end gap-2" onSubmit={(event) => void create(event)}>
        <label className="text-sm">
          <span className="mb-1 block text-xs text-muted">{t('onlyFor')}</span>
          <input
            className="input"
            type="email"
            value={email}
            maxLength={254}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-xs text-muted">{t('expiresAfter')}</span>
          <input
            className="input w-28"
            type="number"
            min={1}
            max={2160}
            required
            value={hours}
            onChange={(e) => setHours(e.target.value)}
          />
        </label>
        <button type="submit" className="button-primary">
          {t('create')}
        </button>
      </form>
      {error ? <LoadError message={error} /> : null}
      {link ? (
        <div className="mt-3 rounded-lg border border-border p-3 text-sm" role="status">
          <p className="mb-1 font-medium">{t('shownOnce')}</p>
          <div className="flex gap-2">
            <input className="input flex-1 font-mono text-xs" readOnly value={link} aria-label={t('link')} />
            <button
              type="button"
              className="button"
              onClick={() =>
                void navigator.clipboard
                  .writeText(link)
                  .then(() => notifyInfo(t('copied')))
                  .catch(() => notifyError(t('copyFailed')))
              }
            >
              {t('copy')}
            </button>
          </div>
        </div>
      ) : null}
      {invites.isError ? (
        <LoadError message={describeError(invites.error)} onRetry={() => void invites.refetch()} />
      ) : null}
      {invites.data && invites.data.length > 0 ? (
        <table className="mt-4 w-full text-left text-sm">
          <thead className="text-xs text-muted">
            <tr className="border-b border-border">
              <th className="py-2 pr-3 font-medium">{t('for')}</th>
              <th className="py-2 pr-3 font-medium">{t('status')}</th>
              <th className="py-2 pr-3 font-medium">{t('expires')}</th>
              <th className="py-2 font-medium">
                <span className="sr-only">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invites.data.map((invite) => (
              <tr key={invite.id} className="border-b border-border last:border-0">
                <td className="py-2 pr-3">{invite.email ?? t('anyone')}</td>
                <td className="py-2 pr-3">
                  {t.has(`states.${invite.status}`) ? t(`states.${invite.status}`) : invite.status}
                </td>
                <td className="py-2 pr-3 text-xs text-muted">{localeFormat.longDate(invite.expiresAt)}</td>
                <td className="py-2 text-right">
                  {invite.status === 'active' ? (
                    <button
                      type="button"
                      className="button py-1 text-danger"
                      onClick={() => void revoke(invite)}
                    >
                      {t('revoke')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Panel>
  );
}
