'use client';

import { useTranslations } from 'next-intl';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { keysApi, keysQueryKey } from '../../lib/keys-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { LoadError, PageFrame, Panel } from '../ui/page-frame';
import { CreateKeyForm } from './create-key-form';
import { KeyList } from './key-list';
import { NewSecret } from './new-secret';

/** Personal API keys for the OpenAI-compatible API: create (the secret shown once), list, revoke. */
export function ApiKeysView() {
  const describeError = useDescribeError();
  const t = useTranslations('keys');
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: keysQueryKey, queryFn: () => keysApi.list() });
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const baseUrl = typeof window === 'undefined' ? '' : `${window.location.origin}/v1`;

  return (
    <PageFrame title={t('title')}>
      <div className="grid gap-4">
        <Panel title={t('useTitle')}>
          <p className="text-sm text-muted">
            {t.rich('useText', {
              baseUrl,
              code: (chunks) => <code className="rounded bg-surface px-1">{chunks}</code>,
            })}
          </p>
        </Panel>
        {created ? (
          <NewSecret name={created.name} secret={created.secret} onDone={() => setCreated(null)} />
        ) : null}
        <Panel title={t('createTitle')}>
          <CreateKeyForm
            onCreated={(name, secret) => {
              setCreated({ name, secret });
              void queryClient.invalidateQueries({ queryKey: keysQueryKey });
            }}
          />
        </Panel>
        <Panel title={t('yourKeys')}>
          {keys.isError ? (
            <LoadError message={describeError(keys.error)} onRetry={() => void keys.refetch()} />
          ) : keys.data ? (
            <KeyList keys={keys.data} />
          ) : (
            <p className="text-sm text-muted">{t('loading')}</p>
          )}
        </Panel>
      </div>
    </PageFrame>
  );
}
