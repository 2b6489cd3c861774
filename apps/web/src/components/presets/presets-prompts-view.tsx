'use client';

import { useTranslations } from 'next-intl';
import { PageFrame } from '../ui/page-frame';
import { PresetsPanel } from './presets-panel';
import { PromptsPanel } from './prompts-panel';

/** Saved starting points for new chats, and the texts the composer inserts with `/`. */
export function PresetsPromptsView() {
  const t = useTranslations('presets');
  return (
    <PageFrame title={t('title')}>
      <div className="grid gap-4">
        <PresetsPanel />
        <PromptsPanel />
      </div>
    </PageFrame>
  );
}
