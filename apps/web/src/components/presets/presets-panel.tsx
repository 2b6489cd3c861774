'use client';

import { useTranslations } from 'next-intl';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { presetsApi, presetsQueryKey } from '../../lib/presets-api';
import { queryKeys } from '../../lib/query-client';
import { LibraryPanels } from './library-panels';
import { PresetForm } from './preset-form';

/**
 * The user's presets and those an admin published to them (read-only, marked shared). "Start
 * chat" opens a new chat with the preset's model and settings, or says why it cannot.
 */
export function PresetsPanel() {
  const t = useTranslations('presets.presets');
  const queryClient = useQueryClient();
  const router = useRouter();

  return (
    <LibraryPanels
      t={t}
      queryKey={presetsQueryKey}
      endpoints={presetsApi.presets}
      Form={PresetForm}
      itemLabel={(preset) => preset.name}
      name={(preset) => (
        <>
          {preset.name}
          {preset.shared ? (
            <span className="ml-2 rounded bg-surface px-1.5 py-0.5 text-xs text-muted">{t('shared')}</span>
          ) : null}
        </>
      )}
      details={(preset) =>
        `${preset.model}${preset.settings.systemPrompt ? ` · ${preset.settings.systemPrompt}` : ''}`
      }
      isReadOnly={(preset) => preset.shared}
      actions={(preset, act) => (
        <button
          type="button"
          className="button-primary"
          onClick={() =>
            void act(preset, async () => {
              const chat = await presetsApi.presets.startChat(preset.id);
              // The sidebar lists it at once, like a chat started from the composer.
              await queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
              router.push(`/chat/${chat.id}`);
            })
          }
        >
          {t('startChat')}
        </button>
      )}
    />
  );
}
