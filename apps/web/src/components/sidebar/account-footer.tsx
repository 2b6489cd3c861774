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
import {
  BookIcon,
  CardIcon,
  KeyboardIcon,
  KeyIcon,
  LinesIcon,
  LockIcon,
  LogOutIcon,
  PersonIcon,
  ShieldIcon,
  UploadIcon,
} from '../ui/icons';
import { notifyError, notifyInfo } from '../ui/notices';
import { useTranslations } from 'next-intl';

/** The pages the footer links to; the admin area only for admins. */
const pageLinks = [
  { href: '/billing', key: 'billing', Icon: CardIcon },
  { href: '/account', key: 'account', Icon: PersonIcon },
  { href: '/account/security', key: 'security', Icon: LockIcon },
  { href: '/settings/keys', key: 'apiKeys', Icon: KeyIcon },
  { href: '/settings/presets', key: 'presets', Icon: LinesIcon },
  { href: '/knowledge', key: 'knowledge', Icon: BookIcon },
  { href: '/admin/users', key: 'admin', Icon: ShieldIcon, isAdminOnly: true },
] as const;

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
        <KeyboardIcon width={16} height={16} />
        {t('footer.shortcuts')}
      </button>
      {pageLinks
        .filter((link) => !('isAdminOnly' in link) || user?.role === 'ADMIN')
        .map((link) => (
          <Link
            key={link.href}
            href={link.href}
            className="menu-item text-muted"
            onClick={() => useUiStore.getState().setSidebarOpen(false)}
          >
            <link.Icon width={16} height={16} />
            {t(`footer.${link.key}`)}
          </Link>
        ))}
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
