'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { api } from '../../lib/api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { queryKeys } from '../../lib/query-client';
import { stopAllStreams } from '../../lib/streaming';
import { useAuthStore } from '../../stores/auth-store';
import { useUiStore } from '../../stores/ui-store';
import { LanguageSelect } from '../theme/language-select';
import { ThemeToggle } from '../theme/theme-toggle';
import { LogOutIcon, UploadIcon } from '../ui/icons';
import { notifyError, notifyInfo } from '../ui/notices';
import { useTranslations } from 'next-intl';

/** Same look as ../ui/icons (decorative, 24-unit grid, stroke). */
const linkIconProps = {
  viewBox: '0 0 24 24',
  width: 16,
  height: 16,
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  'aria-hidden': true,
} as const;

/** Who is signed in, plan and admin links, theme, import and log out. */
export function AccountFooter() {
  const describeError = useDescribeError();
  const t = useTranslations('sidebar');
  const user = useAuthStore((store) => store.user);
  const queryClient = useQueryClient();
  const router = useRouter();
  const fileRef = useRef<HTMLInputElement>(null);
  const [isImporting, setImporting] = useState(false);

  const importFile = async (file: File) => {
    setImporting(true);
    try {
      let data: unknown;
      try {
        data = JSON.parse(await file.text());
      } catch {
        throw new Error('not json');
      }
      // The server tells the format apart (ours, ChatGPT, Claude, LibreChat, Open WebUI) and says what is wrong.
      const chats = await api.chats.importFile(data);
      await queryClient.invalidateQueries({ queryKey: queryKeys.allChats });
      const first = chats[0];
      if (!first) {
        notifyInfo(t('footer.noChats', { file: file.name }));
        return;
      }
      notifyInfo(
        chats.length === 1
          ? t('footer.importedOne', { title: first.title })
          : t('footer.importedMany', { count: chats.length }),
      );
      useUiStore.getState().setSidebarOpen(false);
      router.push(`/chat/${first.id}`);
    } catch (error) {
      notifyError(
        error instanceof Error && error.message === 'not json'
          ? t('footer.notJson', { file: file.name })
          : describeError(error),
      );
    } finally {
      setImporting(false);
    }
  };

  const logout = async () => {
    try {
      await api.auth.logout();
    } catch {
      // The session ends here either way.
    }
    stopAllStreams();
    queryClient.clear();
    useAuthStore.getState().signedOut();
    router.replace('/login');
  };

  return (
    <div className="border-t border-border p-2">
      <input
        ref={fileRef}
        type="file"
        accept="application/json,.json"
        className="sr-only"
        aria-label={t('footer.importFile')}
        tabIndex={-1}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void importFile(file);
        }}
      />
      <button
        type="button"
        className="menu-item text-muted"
        disabled={isImporting}
        onClick={() => fileRef.current?.click()}
      >
        <UploadIcon width={16} height={16} />
        {isImporting ? t('footer.importing') : t('footer.importChat')}
      </button>
      <button
        type="button"
        className="menu-item text-muted"
        onClick={() => {
          useUiStore.getState().setSidebarOpen(false);
          useUiStore.getState().setShortcutsOpen(true);
        }}
      >
        <svg {...linkIconProps}>
          <rect x="2" y="6" width="20" height="12" rx="2" />
          <path d="M6 10h.01M10 10h.01M14 10h.01M18 10h.01M8 14h8" />
        </svg>
        {t('footer.shortcuts')}
      </button>
      <Link
        href="/billing"
        className="menu-item text-muted"
        onClick={() => useUiStore.getState().setSidebarOpen(false)}
      >
        <svg {...linkIconProps}>
          <rect x="2" y="5" width="20" height="14" rx="2" />
          <path d="M2 10h20" />
        </svg>
        {t('footer.billing')}
      </Link>
      <Link
        href="/account"
        className="menu-item text-muted"
        onClick={() => useUiStore.getState().setSidebarOpen(false)}
      >
        <svg {...linkIconProps}>
          <circle cx="12" cy="8" r="4" />
          <path d="M4 21c0-4 3.6-7 8-7s8 3 8 7" />
        </svg>
        {t('footer.account')}
      </Link>
      <Link
        href="/account/security"
        className="menu-item text-muted"
        onClick={() => useUiStore.getState().setSidebarOpen(false)}
      >
        <svg {...linkIconProps}>
          <rect x="5" y="11" width="14" height="10" rx="2" />
          <path d="M8 11V7a4 4 0 0 1 8 0v4" />
        </svg>
        {t('footer.security')}
      </Link>
      <Link
        href="/settings/keys"
        className="menu-item text-muted"
        onClick={() => useUiStore.getState().setSidebarOpen(false)}
      >
        <svg {...linkIconProps}>
          <circle cx="8" cy="15" r="4" />
          <path d="m10.8 12.2 8.2-8.2M16 7l3 3M14 9l2 2" />
        </svg>
        {t('footer.apiKeys')}
      </Link>
      <Link
        href="/settings/presets"
        className="menu-item text-muted"
        onClick={() => useUiStore.getState().setSidebarOpen(false)}
      >
        <svg {...linkIconProps}>
          <path d="M4 6h16M4 12h10M4 18h6" />
        </svg>
        {t('footer.presets')}
      </Link>
      <Link
        href="/knowledge"
        className="menu-item text-muted"
        onClick={() => useUiStore.getState().setSidebarOpen(false)}
      >
        <svg {...linkIconProps}>
          <path d="M5 4h10a4 4 0 0 1 4 4v12H9a4 4 0 0 1-4-4z" />
          <path d="M9 8h6M9 12h6" />
        </svg>
        {t('footer.knowledge')}
      </Link>
      {user?.role === 'ADMIN' ? (
        <Link
          href="/admin/users"
          className="menu-item text-muted"
          onClick={() => useUiStore.getState().setSidebarOpen(false)}
        >
          <svg {...linkIconProps}>
            <path d="M12 3 4 6v6c0 4.5 3.4 8.2 8 9 4.6-.8 8-4.5 8-9V6z" />
          </svg>
          {t('footer.admin')}
        </Link>
      ) : null}
      <div className="mt-1 flex items-center gap-1">
        <div className="min-w-0 flex-1 px-2">
          <p className="truncate text-sm font-medium">{user?.name ?? user?.email}</p>
          {user?.name ? <p className="truncate text-xs text-muted">{user.email}</p> : null}
        </div>
        <LanguageSelect />
        <ThemeToggle />
        <button
          type="button"
          className="icon-button"
          aria-label={t('footer.logOut')}
          title={t('footer.logOut')}
          onClick={() => void logout()}
        >
          <LogOutIcon />
        </button>
      </div>
    </div>
  );
}
