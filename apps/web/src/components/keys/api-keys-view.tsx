'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { keysApi, keysQueryKey } from '../../lib/keys-api';
import { describeError } from '../../lib/error-message';
import { LoadError, PageFrame, Panel } from '../ui/page-frame';
import { CreateKeyForm } from './create-key-form';
import { KeyList } from './key-list';
import { NewSecret } from './new-secret';

/** Personal API keys for the OpenAI-compatible API: create (the secret shown once), list, revoke. */
export function ApiKeysView() {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: keysQueryKey, queryFn: () => keysApi.list() });
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const baseUrl = typeof window === 'undefined' ? '' : `${window.location.origin}/v1`;

  return (
    <PageFrame title="API keys">
      <div className="grid gap-4">
        <Panel title="Use Vivier from scripts and editors">
          <p className="text-sm text-muted">
            Any OpenAI-compatible client works: set its base URL to{' '}
            <code className="rounded bg-surface px-1">{baseUrl}</code> and its API key to one of yours.
            Requests count against your plan like your chats. They are not kept as chats unless the request
            sets <code className="rounded bg-surface px-1">store: true</code>.
          </p>
        </Panel>
        {created ? (
          <NewSecret name={created.name} secret={created.secret} onDone={() => setCreated(null)} />
        ) : null}
        <Panel title="Create a key">
          <CreateKeyForm
            onCreated={(name, secret) => {
              setCreated({ name, secret });
              void queryClient.invalidateQueries({ queryKey: keysQueryKey });
            }}
          />
        </Panel>
        <Panel title="Your keys">
          {keys.isError ? (
            <LoadError message={describeError(keys.error)} onRetry={() => void keys.refetch()} />
          ) : keys.data ? (
            <KeyList keys={keys.data} />
          ) : (
            <p className="text-sm text-muted">Loading keys…</p>
          )}
        </Panel>
      </div>
    </PageFrame>
  );
}
