'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useAuthStore } from '../../stores/auth-store';
import { PageFrame } from '../ui/page-frame';

const tabs = [
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/groups', label: 'Groups' },
  { href: '/admin/presets', label: 'Presets' },
  { href: '/admin/signup', label: 'Sign-up' },
  { href: '/admin/stats', label: 'Usage' },
  { href: '/admin/providers', label: 'Providers' },
  { href: '/admin/tools', label: 'Tools' },
  { href: '/admin/knowledge', label: 'Knowledge' },
  { href: '/admin/plans', label: 'Plans' },
  { href: '/admin/sign-in', label: 'Sign-in' },
  { href: '/admin/audit-log', label: 'Audit log' },
];

/**
 * The admin area's frame. The guard here is for people, not security: the API answers 403 to
 * anyone who is not an ADMIN whatever the page shows. Others see "not found", as for any
 * address that is not theirs.
 */
export function AdminShell({ children }: { children: ReactNode }) {
  const user = useAuthStore((store) => store.user);
  const pathname = usePathname();
  const isAdmin = user?.role === 'ADMIN';
  const nav = isAdmin ? (
    <nav aria-label="Admin sections" className="-mb-px flex gap-1">
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
            {tab.label}
          </Link>
        );
      })}
    </nav>
  ) : undefined;
  return (
    <PageFrame title={isAdmin ? 'Admin' : 'Not found'} nav={nav}>
      {isAdmin ? (
        children
      ) : (
        <div className="py-16 text-center">
          <h2 className="mb-2 text-2xl font-semibold">Page not found</h2>
          <p className="mb-6 text-sm text-muted">This page does not exist or you do not have access to it.</p>
          <Link href="/chat" className="button">
            Back to chats
          </Link>
        </div>
      )}
    </PageFrame>
  );
}
