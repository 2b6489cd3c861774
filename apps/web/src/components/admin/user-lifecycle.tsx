'use client';

import type { Role, UserAdminView } from '@vivier/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { adminApi } from '../../lib/admin-api';
import { describeError } from '../../lib/error-message';
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
    notifyInfo(`Created ${created.email}; they were emailed a link to choose a password.`);
    setOpen(false);
  });
  return (
    <>
      <button type="button" className="button-primary" onClick={() => setOpen(true)}>
        New user
      </button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="New user"
        description="They receive an email with a link to choose their password (valid for 7 days)."
      >
        <form onSubmit={onSubmit}>
          <FormError message={error} />
          <label htmlFor="new-user-email" className="label">
            Email
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
            Name (optional)
          </label>
          <input id="new-user-name" name="name" maxLength={100} className="input mb-3" />
          <label htmlFor="new-user-role" className="label">
            Role
          </label>
          <select id="new-user-role" name="role" defaultValue="USER" className="input mb-4">
            <option value="USER">User</option>
            <option value="ADMIN">Admin</option>
          </select>
          <div className="flex justify-end gap-2">
            <button type="button" className="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="submit" className="button-primary" disabled={isPending}>
              {isPending ? 'Creating…' : 'Create user'}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

/** A user's rarer actions: send a password reset, delete (confirmed by typing the email). */
export function UserRowActions({ user, isMe }: { user: UserAdminView; isMe: boolean }) {
  const queryClient = useQueryClient();
  const [isDeleting, setDeleting] = useState(false);
  const { isPending, error, setError, onSubmit } = useFormSubmit(async (data) => {
    if (formText(data, 'confirm').trim().toLowerCase() !== user.email) {
      setError('Type the email address exactly to confirm.');
      return;
    }
    await adminApi.users.remove(user.id);
    await refreshUsers(queryClient);
    notifyInfo(`${user.email} was deleted, with everything they owned.`);
    setDeleting(false);
  });

  const sendReset = async () => {
    try {
      await adminApi.users.sendPasswordReset(user.id);
      notifyInfo(`A password reset link was sent to ${user.email}.`);
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
        aria-label={`Reset password of ${user.email}`}
        title="Email a link to choose a new password"
        onClick={() => void sendReset()}
      >
        Reset password
      </button>
      {isMe ? null : (
        <button
          type="button"
          className="button py-1 text-danger"
          aria-label={`Delete ${user.email}`}
          onClick={() => setDeleting(true)}
        >
          Delete
        </button>
      )}
      <Dialog
        open={isDeleting}
        onClose={() => setDeleting(false)}
        title="Delete user?"
        description={`${user.email} and everything they own (chats, files, usage) will be removed for good.`}
      >
        <form onSubmit={onSubmit}>
          <FormError message={error} />
          <label htmlFor={`delete-${user.id}`} className="label">
            Type <strong>{user.email}</strong> to confirm
          </label>
          <input id={`delete-${user.id}`} name="confirm" required autoComplete="off" className="input mb-4" />
          <div className="flex justify-end gap-2">
            <button type="button" className="button" onClick={() => setDeleting(false)}>
              Cancel
            </button>
            <button type="submit" className="button-danger" disabled={isPending}>
              {isPending ? 'Deleting…' : 'Delete user'}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
