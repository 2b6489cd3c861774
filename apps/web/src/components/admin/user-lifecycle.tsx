'use client';

import type { Role, UserAdminView } from '@vivier/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { adminApi } from '../../lib/admin-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { FormError } from '../auth/auth-card';
import { formText, useFormSubmit } from '../auth/use-form-submit';
import { Dialog } from '../ui/dialog';
import { notifyError, notifyInfo } from '../ui/notices';

const refreshUsers = (queryClient: ReturnType<typeof useQueryClient>) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }),
    queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] }),
  ]);

/** "New user": an account the person finishes by choosing a password from the emailed link. */
export function NewUserButton() {
  const t = useTranslations('admin.lifecycle');
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const { isPending, error, onSubmit } = useFormSubmit(async (data) => {
    const name = formText(data, 'name').trim();
    const created = await adminApi.users.create({
      email: formText(data, 'email').trim(),
      role: formText(data, 'role') as Role,
      ...(name ? { name } : {}),
    });
    await refreshUsers(queryClient);
    notifyInfo(t('created', { email: created.email }));
    setOpen(false);
  });
  return (
    <>
      <button type="button" className="button-primary" onClick={() => setOpen(true)}>
        {t('newUser')}
      </button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('newUser')}
        description={t('newUserDescription')}
      >
        <form onSubmit={onSubmit}>
          <FormError message={error} />
          <label htmlFor="new-user-email" className="label">
            {t('email')}
          </label>
          <input
            id="new-user-email"
            name="email"
            type="email"
            required
            maxLength={254}
            className="input mb-3"
          />
          <label htmlFor="new-user-name" className="label">
            {t('nameOptional')}
          </label>
          <input id="new-user-name" name="name" maxLength={100} className="input mb-3" />
          <label htmlFor="new-user-role" className="label">
            {t('role')}
          </label>
          <select id="new-user-role" name="role" defaultValue="USER" className="input mb-4">
            <option value="USER">{t('roles.USER')}</option>
            <option value="ADMIN">{t('roles.ADMIN')}</option>
          </select>
          <div className="flex justify-end gap-2">
            <button type="button" className="button" onClick={() => setOpen(false)}>
              {t('cancel')}
            </button>
            <button type="submit" className="button-primary" disabled={isPending}>
              {isPending ? t('creating') : t('createUser')}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

/** A user's rarer actions: send a password reset, delete (confirmed by typing the email). */
export function UserRowActions({ user, isMe }: { user: UserAdminView; isMe: boolean }) {
  const describeError = useDescribeError();
  const t = useTranslations('admin.lifecycle');
  const queryClient = useQueryClient();
  const [isDeleting, setDeleting] = useState(false);
  const { isPending, error, setError, onSubmit } = useFormSubmit(async (data) => {
    if (formText(data, 'confirm').trim().toLowerCase() !== user.email) {
      setError(t('typeExactly'));
      return;
    }
    await adminApi.users.remove(user.id);
    await refreshUsers(queryClient);
    notifyInfo(t('deleted', { email: user.email }));
    setDeleting(false);
  });

  const sendReset = async () => {
    try {
      await adminApi.users.sendPasswordReset(user.id);
      notifyInfo(t('resetSent', { email: user.email }));
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
    } catch (failure) {
      notifyError(describeError(failure));
    }
  };

  return (
    <>
      <button
        type="button"
        className="button py-1"
        aria-label={t('resetPasswordOf', { email: user.email })}
        title={t('resetPasswordHint')}
        onClick={() => void sendReset()}
      >
        {t('resetPassword')}
      </button>
      {isMe ? null : (
        <button
          type="button"
          className="button py-1 text-danger"
          aria-label={t('deleteUserLabel', { email: user.email })}
          onClick={() => setDeleting(true)}
        >
          {t('delete')}
        </button>
      )}
      <Dialog
        open={isDeleting}
        onClose={() => setDeleting(false)}
        title={t('deleteTitle')}
        description={t('deleteDescription', { email: user.email })}
      >
        <form onSubmit={onSubmit}>
          <FormError message={error} />
          <label htmlFor={`delete-${user.id}`} className="label">
            {t.rich('typeToConfirm', { email: user.email, strong: (chunks) => <strong>{chunks}</strong> })}
          </label>
          <input id={`delete-${user.id}`} name="confirm" required autoComplete="off" className="input mb-4" />
          <div className="flex justify-end gap-2">
            <button type="button" className="button" onClick={() => setDeleting(false)}>
              {t('cancel')}
            </button>
            <button type="submit" className="button-danger" disabled={isPending}>
              {isPending ? t('deleting') : t('deleteUser')}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
