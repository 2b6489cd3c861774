'use client';

import { useTranslations } from 'next-intl';
import type { ApiKey } from '@vivier/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { keysApi, keysQueryKey } from '../../lib/keys-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { useLocaleFormat } from '../../i18n/use-locale-format';
import { Dialog } from '../ui/dialog';
import { TrashIcon } from '../ui/icons';
import { TableHeader } from '../ui/table-header';

/** The user's keys by prefix, with their dates; revoking one asks first. */
export function KeyList({ keys }: { keys: ApiKey[] }) {
  const describeError = useDescribeError();
  const t = useTranslations('keys.list');
  const localeFormat = useLocaleFormat();
  const when = (iso: string | null) => (iso ? localeFormat.dateTime(iso) : t('never'));
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<ApiKey | null>(null);
  const [isRevoking, setRevoking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const revoke = async (key: ApiKey) => {
    setRevoking(true);
    setError(null);
    try {
      await keysApi.revoke(key.id);
      setPending(null);
      await queryClient.invalidateQueries({ queryKey: keysQueryKey });
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setRevoking(false);
    }
  };

  if (keys.length === 0) return <p className="text-sm text-muted">{t('empty')}</p>;
  return (
    <>
      <table className="w-full text-left text-sm" aria-label={t('label')}>
        <TableHeader
          columns={[t('name'), t('key'), t('created'), t('lastUsed')]}
          actionsLabel={t('actions')}
          cellClassName="py-1.5"
          actionsClassName="py-1.5"
        />
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} className="border-b border-border last:border-0">
              <td className="max-w-48 truncate py-1.5">{key.name}</td>
              <td className="py-1.5 font-mono text-xs">{`${key.prefix}…`}</td>
              <td className="py-1.5">{when(key.createdAt)}</td>
              <td className="py-1.5">{when(key.lastUsedAt)}</td>
              <td className="py-1.5 text-right">
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('revokeLabel', { name: key.name })}
                  title={t('revoke')}
                  onClick={() => {
                    setError(null);
                    setPending(key);
                  }}
                >
                  <TrashIcon width={16} height={16} />
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Dialog
        open={pending !== null}
        onClose={() => setPending(null)}
        title={t('revokeTitle', { name: pending?.name ?? '' })}
        description={t('revokeDescription')}
        actions={
          <>
            <button type="button" className="button" onClick={() => setPending(null)}>
              {t('cancel')}
            </button>
            <button
              type="button"
              className="button-danger"
              disabled={isRevoking}
              onClick={() => pending && void revoke(pending)}
            >
              {isRevoking ? t('revoking') : t('revokeKey')}
            </button>
          </>
        }
      >
        {error ? (
          <p role="alert" className="text-sm text-danger">
            {error}
          </p>
        ) : null}
      </Dialog>
    </>
  );
}
