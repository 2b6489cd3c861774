'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../../lib/api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { useAuthStore } from '../../stores/auth-store';
import { useUiStore } from '../../stores/ui-store';
import { preloadMarkdown } from '../markdown/lazy-markdown';
import { PendingApproval } from '../auth/pending-approval';
import { KeyboardShortcuts } from '../shortcuts/keyboard-shortcuts';
import { Sidebar } from '../sidebar/sidebar';
import { notifyError, notifyInfo } from '../ui/notices';
import { useTranslations } from 'next-intl';

function VerifyEmailBanner() {
  const describeError = useDescribeError();
  const t = useTranslations('common');
  const user = useAuthStore((store) => store.user);
  const [isDismissed, setDismissed] = useState(false);
  if (!user || user.emailVerified || isDismissed) return null;
  const resend = () =>
    api.auth
      .resendVerification()
      .then(() => notifyInfo(t('verify.resent', { email: user.email })))
      .catch((error: unknown) => notifyError(describeError(error)));
  return (
    <div
      role="note"
      className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-border bg-warn-bg px-4 py-2 text-sm text-warn-fg"
    >
      <span className="flex-1">{t('verify.banner', { email: user.email })}</span>
      <button type="button" className="font-medium underline" onClick={() => void resend()}>
        {t('verify.resend')}
      </button>
      <button type="button" className="underline" onClick={() => setDismissed(true)}>
        {t('verify.dismiss')}
      </button>
    </div>
  );
}

/** The signed-in frame: sidebar (a drawer on phones) and the chat column. */
export function ChatShell({ children }: { children: ReactNode }) {
  const t = useTranslations('common');
  const status = useAuthStore((store) => store.status);
  const user = useAuthStore((store) => store.user);
  const router = useRouter();
  const pathname = usePathname();
  const isSidebarOpen = useUiStore((store) => store.isSidebarOpen);
  const setSidebarOpen = useUiStore((store) => store.setSidebarOpen);
  const isSidebarCollapsed = useUiStore((store) => store.isSidebarCollapsed);

  useEffect(() => {
    if (status === 'anonymous') router.replace(`/login?next=${encodeURIComponent(pathname)}`);
  }, [status, router, pathname]);
  useEffect(preloadMarkdown, []);

  if (status !== 'authenticated') {
    return (
      <div className="flex h-dvh items-center justify-center text-sm text-muted" role="status">
        {status === 'loading' ? t('loading') : t('redirectingToSignIn')}
      </div>
    );
  }

  if (user?.pendingApproval) return <PendingApproval email={user.email} />;

  return (
    <div className="flex h-dvh overflow-hidden">
      <div
        className={`fixed inset-y-0 left-0 z-40 w-72 max-w-[85vw] border-r border-border shadow-xl transition-transform md:static md:z-auto md:translate-x-0 md:shadow-none ${
          isSidebarOpen ? 'translate-x-0' : '-translate-x-full'
        }${isSidebarCollapsed ? ' md:hidden' : ''}`}
      >
        <Sidebar />
      </div>
      {isSidebarOpen ? (
        <div
          className="fixed inset-0 z-30 bg-black/40 md:hidden"
          aria-hidden="true"
          onClick={() => setSidebarOpen(false)}
        />
      ) : null}
      <div className="flex min-w-0 flex-1 flex-col">
        <VerifyEmailBanner />
        {children}
      </div>
      <KeyboardShortcuts />
    </div>
  );
}
