import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { KnowledgeView } from '../../src/components/knowledge/knowledge-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('knowledge');
  return { title: t('title') };
}

export default function Page() {
  return <KnowledgeView />;
}
