'use client';

import type { Role, UserAdminView } from '@vivier/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { adminApi } from '../../lib/admin-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { formText, useFormSubmit } from '../auth/use-form-submit';
import { DialogForm } from '../ui/dialog-form';
import { LabelledInput } from '../ui/labelled-field';
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
  const creation = useFormSubmit(async (data) => {
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
    <DialogForm
      open={open}
      setOpen={setOpen}
      trigger={{ label: t('newUser'), className: 'button-primary' }}
      title={t('newUser')}
      description={t('newUserDescription')}
      submission={creation}
      labels={{ submit: t('createUser'), pending: t('creating'), cancel: t('cancel') }}
    >
      <LabelledInput
        id="new-user-email"
        label={t('email')}
        className="mb-3"
        name="email"
        type="email"
        required
        maxLength={254}
      />
      <LabelledInput
        id="new-user-name"
        label={t('nameOptional')}
        className="mb-3"
        name="name"
        maxLength={100}
      />
      <label htmlFor="new-user-role" className="label">
        {t('role')}
      </label>
      <select id="new-user-role" name="role" defaultValue="USER" className="input mb-4">
        <option value="USER">{t('roles.USER')}</option>
        <option value="ADMIN">{t('roles.ADMIN')}</option>
      </select>
    </DialogForm>
  );
}

/** A user's rarer actions: send a password reset, delete (confirmed by typing the email). */
export function UserRowActions({ user, isMe }: { user: UserAdminView; isMe: boolean }) {
  const describeError = useDescribeError();
  const t = useTranslations('admin.lifecycle');
  const queryClient = useQueryClient();
  const [isDeleting, setDeleting] = useState(false);
  const deletion = useFormSubmit(async (data) => {
    if (formText(data, 'confirm').trim().toLowerCase() !== user.email) {
      deletion.setError(t('typeExactly'));
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
        <DialogForm
          open={isDeleting}
          setOpen={setDeleting}
          trigger={{
            label: t('delete'),
            className: 'button py-1 text-danger',
            ariaLabel: t('deleteUserLabel', { email: user.email }),
          }}
          title={t('deleteTitle')}
          description={t('deleteDescription', { email: user.email })}
          submission={deletion}
          labels={{ submit: t('deleteUser'), pending: t('deleting'), cancel: t('cancel') }}
          isDanger
        >
          <LabelledInput
            id={`delete-${user.id}`}
            label={t.rich('typeToConfirm', {
              email: user.email,
              strong: (chunks) => <strong>{chunks}</strong>,
            })}
            className="mb-4"
            name="confirm"
            required
            autoComplete="off"
          />
        </DialogForm>
      )}
    </>
  );
}
