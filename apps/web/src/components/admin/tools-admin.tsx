'use client';

import { useTranslations } from 'next-intl';
import type { McpServerView } from '@vivier/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { adminApi } from '../../lib/admin-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { notifyError, notifyInfo } from '../ui/notices';
import { LoadError, Panel } from '../ui/page-frame';

const SERVERS_KEY = ['admin', 'mcp-servers'] as const;
const SETTINGS_KEY = ['admin', 'tool-settings'] as const;

function ServerCard({ server }: { server: McpServerView }) {
  const describeError = useDescribeError();
  const t = useTranslations('admin.tools');
  const queryClient = useQueryClient();
  const [isBusy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: SERVERS_KEY });
      notifyInfo(done);
    } catch (error) {
      notifyError(describeError(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-label={t('server', { name: server.label })} className="rounded-lg border border-border p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h3 className="font-medium">{server.label}</h3>
          <p className="text-xs text-muted">
            {server.transport === 'http' ? server.url : `${server.command ?? ''} ${server.args.join(' ')}`}
            {server.headerNames.length > 0
              ? ` · ${t('headers', { names: server.headerNames.join(', ') })}`
              : ''}
          </p>
        </div>
        <div className="flex gap-2">
          <label className="flex items-center gap-1 text-sm">
            <input
              type="checkbox"
              checked={server.enabled}
              disabled={isBusy}
              onChange={(event) =>
                void run(
                  () => adminApi.mcpServers.update(server.id, { enabled: event.target.checked }),
                  t(event.target.checked ? 'serverEnabled' : 'serverDisabled', { name: server.label }),
                )
              }
            />
            {t('enabled')}
          </label>
          <button
            type="button"
            className="button"
            disabled={isBusy}
            onClick={() => void run(() => adminApi.mcpServers.refreshTools(server.id), t('refreshed'))}
          >
            {t('refresh')}
          </button>
          <button
            type="button"
            className="button"
            disabled={isBusy}
            onClick={() =>
              void run(() => adminApi.mcpServers.remove(server.id), t('removed', { name: server.label }))
            }
          >
            {t('remove')}
          </button>
        </div>
      </div>
      <p className="mt-2 text-sm">
        {server.tools.length > 0
          ? t('toolList', { names: server.tools.map((tool) => tool.name).join(', ') })
          : t('noTools')}
      </p>
    </section>
  );
}

function AddServerForm() {
  const describeError = useDescribeError();
  const t = useTranslations('admin.tools');
  const queryClient = useQueryClient();
  const [label, setLabel] = useState('');
  const [url, setUrl] = useState('');
  const [headerName, setHeaderName] = useState('Authorization');
  const [headerValue, setHeaderValue] = useState('');
  const [isSaving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      const created = await adminApi.mcpServers.create({
        transport: 'http',
        label,
        url,
        ...(headerValue ? { headers: { [headerName]: headerValue } } : {}),
      });
      await queryClient.invalidateQueries({ queryKey: SERVERS_KEY });
      notifyInfo(t('added', { name: created.label, count: created.tools.length }));
      setLabel('');
      setUrl('');
      setHeaderValue('');
    } catch (error) {
      notifyError(describeError(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form
      aria-label={t('addTitle')}
      className="grid gap-2 md:grid-cols-2"
      onSubmit={(event) => void submit(event)}
    >
      <label className="text-sm">
        <span className="mb-1 block text-xs text-muted">{t('name')}</span>
        <input className="input" required value={label} onChange={(event) => setLabel(event.target.value)} />
      </label>
      <label className="text-sm">
        <span className="mb-1 block text-xs text-muted">{t('url')}</span>
        <input
          className="input"
          type="url"
          required
          placeholder="https://tools.example.com/mcp"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
        />
      </label>
      <label className="text-sm">
        <span className="mb-1 block text-xs text-muted">{t('headerName')}</span>
        <input className="input" value={headerName} onChange={(event) => setHeaderName(event.target.value)} />
      </label>
      <label className="text-sm">
        <span className="mb-1 block text-xs text-muted">{t('headerValue')}</span>
        <input
          className="input"
          type="password"
          autoComplete="off"
          value={headerValue}
          onChange={(event) => setHeaderValue(event.target.value)}
        />
      </label>
      <div>
        <button type="submit" className="button-primary" disabled={isSaving}>
          {isSaving ? t('adding') : t('add')}
        </button>
      </div>
    </form>
  );
}

function WebSearchForm({ initial }: { initial: string | null }) {
  const describeError = useDescribeError();
  const t = useTranslations('admin.tools');
  const queryClient = useQueryClient();
  const [url, setUrl] = useState(initial ?? '');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const saved = await adminApi.toolSettings.update({ webSearchUrl: url.trim() ? url.trim() : null });
      queryClient.setQueryData(SETTINGS_KEY, saved);
      notifyInfo(saved.webSearchUrl ? t('searchOn') : t('searchOff'));
    } catch (error) {
      notifyError(describeError(error));
    }
  };
  return (
    <form
      aria-label={t('webSearch')}
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => void submit(event)}
    >
      <label className="min-w-72 flex-1 text-sm">
        <span className="mb-1 block text-xs text-muted">{t('searchUrl')}</span>
        <input
          className="input"
          type="url"
          placeholder="https://searx.example.com"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
        />
      </label>
      <button type="submit" className="button-primary">
        {t('saveSearch')}
      </button>
    </form>
  );
}

/** Admin: the MCP servers whose tools users can turn on, and the web search endpoint. */
export function ToolsAdmin() {
  const describeError = useDescribeError();
  const t = useTranslations('admin.tools');
  const servers = useQuery({ queryKey: SERVERS_KEY, queryFn: () => adminApi.mcpServers.list() });
  const settings = useQuery({ queryKey: SETTINGS_KEY, queryFn: () => adminApi.toolSettings.get() });
  return (
    <div className="space-y-6">
      <Panel title={t('servers')}>
        {servers.isError ? (
          <LoadError message={describeError(servers.error)} onRetry={() => void servers.refetch()} />
        ) : null}
        <div className="space-y-3">
          {servers.data?.map((server) => (
            <ServerCard key={server.id} server={server} />
          ))}
          {servers.data?.length === 0 ? <p className="text-sm text-muted">{t('noServers')}</p> : null}
        </div>
        <div className="mt-4">
          <AddServerForm />
        </div>
      </Panel>
      <Panel title={t('webSearch')}>
        {settings.isError ? <LoadError message={describeError(settings.error)} /> : null}
        {settings.data ? <WebSearchForm initial={settings.data.webSearchUrl} /> : null}
      </Panel>
    </div>
  );
}
