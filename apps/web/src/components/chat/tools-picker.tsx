'use client';

import type { ChatToolSettings } from '@vivier/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { api } from '../../lib/api';

export const NO_TOOLS: ChatToolSettings = { mcpServerIds: [], webSearch: false, requireApproval: false };

/** Whether a chat has any tool turned on (an empty `tools` is not stored). */
export function hasTools(tools: ChatToolSettings): boolean {
  return tools.mcpServerIds.length > 0 || tools.webSearch;
}

/** The tools a chat's model may call: the MCP servers an admin registered, and web search. */
export function ToolsPicker({
  value,
  onChange,
}: {
  value: ChatToolSettings;
  onChange: (next: ChatToolSettings) => void;
}) {
  const t = useTranslations('chat.toolsPicker');
  const available = useQuery({ queryKey: ['tools'], queryFn: () => api.tools.available() });
  const toggleServer = (id: string, isOn: boolean) =>
    onChange({
      ...value,
      mcpServerIds: isOn ? [...value.mcpServerIds, id] : value.mcpServerIds.filter((item) => item !== id),
    });

  return (
    <fieldset className="mt-4 rounded-lg border border-border p-3">
      <legend className="label px-1">{t('legend')}</legend>
      {available.isPending ? <p className="text-xs text-muted">{t('loading')}</p> : null}
      {available.isError ? <p className="text-xs text-danger">{t('notLoaded')}</p> : null}
      {available.data && available.data.mcpServers.length === 0 && !available.data.webSearch ? (
        <p className="text-xs text-muted">{t('noneSetUp')}</p>
      ) : null}
      <ul className="space-y-2">
        {available.data?.mcpServers.map((server) => (
          <li key={server.id}>
            <label className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                checked={value.mcpServerIds.includes(server.id)}
                onChange={(event) => toggleServer(server.id, event.target.checked)}
              />
              <span>
                {server.label}
                <span className="block text-xs text-muted">
                  {server.tools.map((tool) => tool.name).join(', ') || t('noneListed')}
                </span>
              </span>
            </label>
          </li>
        ))}
        {available.data?.webSearch ? (
          <li>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={value.webSearch}
                onChange={(event) => onChange({ ...value, webSearch: event.target.checked })}
              />
              {t('webSearch')}
            </label>
          </li>
        ) : null}
      </ul>
      <label className="mt-3 flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={value.requireApproval}
          onChange={(event) => onChange({ ...value, requireApproval: event.target.checked })}
        />
        {t('askFirst')}
      </label>
    </fieldset>
  );
}
