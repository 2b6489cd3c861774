'use client';

import { useTranslations } from 'next-intl';
import { LanguageSelect } from '../theme/language-select';
import { Panel } from '../ui/page-frame';

/** The UI language, the same choice (a cookie) as the sidebar's and the sign-in pages'. */
export function LanguagePanel() {
  const t = useTranslations('account.language');
  return (
    <Panel title={t('title')}>
      <p className="mb-3 text-sm text-muted">{t('hint')}</p>
      <LanguageSelect className="px-2 py-1.5 text-sm text-fg" />
    </Panel>
  );
}
