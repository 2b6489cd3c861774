import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PresetsPromptsView } from '../../../src/components/presets/presets-prompts-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('presets');
  return { title: t('title') };
}

export default function Page() {
  return <PresetsPromptsView />;
}
