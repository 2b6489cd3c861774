'use client';

import { useTranslations } from 'next-intl';
import { presetsApi, promptsQueryKey } from '../../lib/presets-api';
import { LibraryPanels } from './library-panels';
import { PromptForm } from './prompt-form';

/** The prompt library: typed `/command` in the composer inserts a prompt's content. */
export function PromptsPanel() {
  const t = useTranslations('presets.prompts');
  return (
    <LibraryPanels
      t={t}
      queryKey={promptsQueryKey}
      endpoints={presetsApi.prompts}
      Form={PromptForm}
      itemLabel={(prompt) => prompt.title}
      name={(prompt) => (
        <>
          <span className="font-mono text-muted">{`/${prompt.command}`}</span> {prompt.title}
        </>
      )}
      details={(prompt) => prompt.content}
    />
  );
}
