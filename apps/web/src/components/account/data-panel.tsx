'use client';

import { useTranslations } from 'next-intl';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { accountApi } from '../../lib/account-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { stopAllStreams } from '../../lib/streaming';
import { useAuthStore } from '../../stores/auth-store';
import { FormError } from '../auth/auth-card';
import { formText, useFormSubmit } from '../auth/use-form-submit';
import { Dialog } from '../ui/dialog';
import { notifyError } from '../ui/notices';
import { Panel } from '../ui/page-frame';

function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Take everything out (one zip), or delete the account with everything in it. */
export function DataPanel() {
  const describeError = useDescribeError();
  const t = useTranslations('account.data');
  const email = useAuthStore((store) => store.user?.email ?? '');
  // An account made by single sign-on has no password to ask for: the typed email confirms.
  const isPasswordless = useAuthStore((store) => store.user?.passwordless === true);
  const [isExporting, setExporting] = useState(false);
  const [isConfirming, setConfirming] = useState(false);
  const router = useRouter();
  const queryClient = useQueryClient();

  const exportAll = async () => {
    setExporting(true);
    try {
      const { blob, fileName } = await accountApi.exportAll();
      saveBlob(blob, fileName ?? 'vivier-export.zip');
    } catch (error) {
      notifyError(describeError(error));
    } finally {
      setExporting(false);
    }
  };

  const { isPending, error, setError, onSubmit } = useFormSubmit(async (data) => {
    if (formText(data, 'confirmEmail').trim().toLowerCase() !== email.toLowerCase()) {
      setError(t('typeExactly'));
      return;
    }
    await accountApi.deleteAccount(
      isPasswordless
        ? { confirmEmail: formText(data, 'confirmEmail') }
        : { password: formText(data, 'password') },
    );
    stopAllStreams();
    queryClient.clear();
    useAuthStore.getState().signedOut();
    router.replace('/login?deleted=1');
  });

  return (
    <Panel title={t('title')}>
      <p className="mb-3 text-sm text-muted">{t('exportHint')}</p>
      <button type="button" className="button" disabled={isExporting} onClick={() => void exportAll()}>
        {isExporting ? t('preparing') : t('export')}
      </button>
      <hr className="my-4 border-border" />
      <p className="mb-3 text-sm text-muted">{t('deleteHint')}</p>
      <button type="button" className="button text-danger" onClick={() => setConfirming(true)}>
        {t('deleteOpen')}
      </button>
      <Dialog
        open={isConfirming}
        onClose={() => setConfirming(false)}
        title={t('deleteTitle')}
        description={t('deleteDescription')}
      >
        <form onSubmit={onSubmit}>
          <FormError message={error} />
          <label htmlFor="confirm-email" className="label">
            {t.rich('typeToConfirm', { email, strong: (chunks) => <strong>{chunks}</strong> })}
          </label>
          <input id="confirm-email" name="confirmEmail" required autoComplete="off" className="input mb-3" />
          {isPasswordless ? null : (
            <>
              <label htmlFor="delete-password" className="label">
                {t('password')}
              </label>
              <input
                id="delete-password"
                name="password"
                type="password"
                required
                autoComplete="current-password"
                className="input mb-4"
              />
            </>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
            <button type="submit" className="button-danger" disabled={isPending}>
              {isPending ? t('deleting') : t('delete')}
            </button>
          </div>
        </form>
      </Dialog>
    </Panel>
  );
}
