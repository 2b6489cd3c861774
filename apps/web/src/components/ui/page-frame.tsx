'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { useAuthStore } from '../../stores/auth-store';
import { ThemeToggle } from '../theme/theme-toggle';
import { ChevronLeftIcon } from './icons';
import { useTranslations } from 'next-intl';

/**
 * A signed-in page outside the chat (billing, admin): a header with the way back to the chats,
 * and a centred column. Anyone without a session is sent to sign in and back here after.
 */
export function PageFrame({ title, nav, children }: { title: string; nav?: ReactNode; children: ReactNode }) {
  const t = useTranslations('common');
  const status = useAuthStore((store) => store.status);
  const router = useRouter();
  const pathname = usePathname();
  useEffect(() => {
    if (status === 'anonymous') router.replace(`/login?next=${encodeURIComponent(pathname)}`);
  }, [status, router, pathname]);

  if (status !== 'authenticated') {
    return (
      <div className="flex h-dvh items-center justify-center text-sm text-muted" role="status">
        {status === 'loading' ? t('loading') : t('redirectingToSignIn')}
      </div>
    );
  }
  return (
    <div className="min-h-dvh bg-canvas">
      <header className="sticky top-0 z-20 border-b border-border bg-canvas/95 backdrop-blur">
        <div className="mx-auto flex max-w-5xl items-center gap-2 px-3 py-2 sm:px-6">
          <Link href="/chat" className="icon-button" aria-label={t('backToChats')} title={t('backToChats')}>
            <ChevronLeftIcon />
          </Link>
          <h1 className="min-w-0 flex-1 truncate text-base font-semibold">{title}</h1>
          <ThemeToggle />
        </div>
        {nav ? <div className="mx-auto max-w-5xl overflow-x-auto px-3 sm:px-6">{nav}</div> : null}
      </header>
      <main className="mx-auto max-w-5xl px-3 py-5 sm:px-6">{children}</main>
    </div>
  );
}

/** A bordered panel with an optional heading, the building block of these pages. */
export function Panel({
  title,
  actions,
  children,
  className = '',
}: {
  title?: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section
      className={`rounded-2xl border border-border bg-raised p-4 shadow-sm ${className}`}
      aria-label={title}
    >
      {title || actions ? (
        <div className="mb-3 flex flex-wrap items-center gap-2">
          {title ? <h2 className="flex-1 text-sm font-semibold">{title}</h2> : null}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}

/** An error in place of content that could not load, with a retry. */
export function LoadError({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const t = useTranslations('common');
  return (
    <p role="alert" className="rounded-lg border border-danger/30 bg-danger/10 px-3 py-2 text-sm text-danger">
      {message}{' '}
      {onRetry ? (
        <button type="button" className="underline" onClick={onRetry}>
          {t('retry')}
        </button>
      ) : null}
    </p>
  );
}
