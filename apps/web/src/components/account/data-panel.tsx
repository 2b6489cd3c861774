'use client';

import { useTranslations } from 'next-intl';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { accountApi } from '../../lib/account-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { stopAllStreams } from '../../lib/streaming';
import { useAuthStore } from '../../stores/auth-store';
import { formText, useFormSubmit } from '../auth/use-form-submit';
import { DialogForm } from '../ui/dialog-form';
import { notifyError } from '../ui/notices';
import { LabelledInput } from '../ui/labelled-field';
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

  const deletion = useFormSubmit(async (data) => {
    if (formText(data, 'confirmEmail').trim().toLowerCase() !== email.toLowerCase()) {
      deletion.setError(t('typeExactly'));
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
      <DialogForm
        open={isConfirming}
        setOpen={setConfirming}
        trigger={{ label: t('deleteOpen'), className: 'button text-danger' }}
        title={t('deleteTitle')}
        description={t('deleteDescription')}
        submission={deletion}
        labels={{ submit: t('delete'), pending: t('deleting'), cancel: t('cancel') }}
        isDanger
      >
        <LabelledInput
          id="confirm-email"
          label={t.rich('typeToConfirm', { email, strong: (chunks) => <strong>{chunks}</strong> })}
          className="mb-3"
          name="confirmEmail"
          required
          autoComplete="off"
        />
        {isPasswordless ? null : (
          <LabelledInput
            id="delete-password"
            label={t('password')}
            className="mb-4"
            name="password"
            type="password"
            required
            autoComplete="current-password"
          />
        )}
      </DialogForm>
    </Panel>
  );
}
