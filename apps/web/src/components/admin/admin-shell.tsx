'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { useAuthStore } from '../../stores/auth-store';
import { PageFrame } from '../ui/page-frame';

/** The sections in their order; each is the page at /admin/<its name in kebab case>. */
const sections = [
  'users',
  'groups',
  'presets',
  'signup',
  'stats',
  'providers',
  'tools',
  'knowledge',
  'plans',
  'signIn',
  'auditLog',
] as const;

const tabs = sections.map((key) => ({
  key,
  href: `/admin/${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`,
}));

/**
 * The admin area's frame. The guard here is for people, not security: the API answers 403 to
 * anyone who is not an ADMIN whatever the page shows. Others see "not found", as for any
 * address that is not theirs.
 */
export function AdminShell({ children }: { children: ReactNode }) {
  const t = useTranslations('admin.shell');
  const user = useAuthStore((store) => store.user);
  const pathname = usePathname();
  const isAdmin = user?.role === 'ADMIN';
  const nav = isAdmin ? (
    <nav aria-label={t('sections')} className="-mb-px flex gap-1">
      {tabs.map((tab) => {
        const isCurrent = pathname === tab.href || pathname.startsWith(`${tab.href}/`);
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={isCurrent ? 'page' : undefined}
            className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm ${
              isCurrent ? 'border-fg font-medium text-fg' : 'border-transparent text-muted hover:text-fg'
            }`}
          >
            {t(`tabs.${tab.key}`)}
          </Link>
        );
      })}
    </nav>
  ) : undefined;
  return (
    <PageFrame title={isAdmin ? t('title') : t('notFoundTitle')} nav={nav}>
      {isAdmin ? (
        children
      ) : (
        <div className="py-16 text-center">
          <h2 className="mb-2 text-2xl font-semibold">{t('notFoundHeading')}</h2>
          <p className="mb-6 text-sm text-muted">{t('notFoundText')}</p>
          <Link href="/chat" className="button">
            {t('backToChats')}
          </Link>
        </div>
      )}
    </PageFrame>
  );
}
