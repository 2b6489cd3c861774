import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { CloseIcon } from '../ui/icons';

/**
 * Shown above the composer when a message was refused because the usage allowance is spent
 * (402 QUOTA_EXCEEDED): what was used, when it resets, and where to get more. It stays until
 * dismissed or a message goes through, unlike a toast.
 */
export function QuotaNotice({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  const t = useTranslations('chat.quota');
  return (
    <div
      role="alert"
      className="mx-3 mb-1 flex items-start gap-2 rounded-xl border border-danger/30 bg-danger/10 px-3 py-2 text-sm text-danger sm:mx-auto sm:w-[min(48rem,calc(100%-2rem))]"
    >
      <p className="flex-1">
        {message}{' '}
        <Link href="/billing" className="font-medium underline">
          {t('seePlans')}
        </Link>
      </p>
      <button
        type="button"
        className="icon-button -my-1 h-6 min-w-6"
        aria-label={t('dismiss')}
        onClick={onDismiss}
      >
        <CloseIcon width={14} height={14} />
      </button>
    </div>
  );
}
