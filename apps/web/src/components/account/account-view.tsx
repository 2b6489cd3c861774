'use client';

import { useTranslations } from 'next-intl';
import { PageFrame } from '../ui/page-frame';
import { DataPanel } from './data-panel';
import { LanguagePanel } from './language-panel';
import { PasswordPanel } from './password-panel';
import { ProfilePanel } from './profile-panel';
import { SessionsPanel } from './sessions-panel';
import { SharedLinksPanel } from './shared-links-panel';

/** The signed-in user's own account: profile, language, password, devices, their data. */
export function AccountView() {
  const t = useTranslations('account');
  return (
    <PageFrame title={t('title')}>
      <div className="space-y-4">
        <ProfilePanel />
        <LanguagePanel />
        <PasswordPanel />
        <SessionsPanel />
        <SharedLinksPanel />
        <DataPanel />
      </div>
    </PageFrame>
  );
}
