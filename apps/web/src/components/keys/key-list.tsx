'use client';

import type { ApiKey } from '@vivier/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { keysApi, keysQueryKey } from '../../lib/keys-api';
import { describeError } from '../../lib/error-message';
import { Dialog } from '../ui/dialog';
import { TrashIcon } from '../ui/icons';
import { useLocaleFormat } from '../../i18n/use-locale-format';

/** The user's keys by prefix, with their dates; revoking one asks first. */
export function KeyList({ keys }: { keys: ApiKey[] }) {
  const localeFormat = useLocaleFormat();
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

  if (keys.length === 0) return <p className="text-sm text-muted">You have no API keys yet.</p>;
  return (
    <>
      <table className="w-full text-left text-sm" aria-label="API keys">
        <thead className="text-xs text-muted">
          <tr className="border-b border-border">
            <th className="py-1.5 font-medium">Name</th>
            <th className="py-1.5 font-medium">Key</th>
            <th className="py-1.5 font-medium">Created</th>
            <th className="py-1.5 font-medium">Last used</th>
            <th className="py-1.5">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} className="border-b border-border last:border-0">
              <td className="max-w-48 truncate py-1.5">{key.name}</td>
              <td className="py-1.5 font-mono text-xs">{key.prefix}…</td>
              <td className="py-1.5">{localeFormat.dateTime(key.createdAt)}</td>
              <td className="py-1.5">{key.lastUsedAt ? localeFormat.dateTime(key.lastUsedAt) : 'Never'}</td>
              <td className="py-1.5 text-right">
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Revoke ${key.name}`}
                  title="Revoke"
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
        title={`Revoke “${pending?.name ?? ''}”?`}
        description="Scripts and editors using this key stop working within a few seconds. This cannot be undone."
        actions={
          <>
            <button type="button" className="button" onClick={() => setPending(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="button-danger"
              disabled={isRevoking}
              onClick={() => pending && void revoke(pending)}
            >
              {isRevoking ? 'Revoking…' : 'Revoke key'}
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
