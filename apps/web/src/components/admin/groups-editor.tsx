'use client';

import { useTranslations } from 'next-intl';
import type { GroupPatch, GroupView, PlanAdminView } from '@vivier/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { adminApi } from '../../lib/admin-api';
import { useDescribeError } from '../../hooks/use-describe-error';
import { notifyError, notifyInfo } from '../ui/notices';
import { LoadError, Panel } from '../ui/page-frame';
import { MemberPicker } from './member-picker';

export const GROUPS_KEY = ['admin', 'groups'] as const;

function GroupCard({ group, plans }: { group: GroupView; plans: PlanAdminView[] }) {
  const describeError = useDescribeError();
  const t = useTranslations('admin.groups');
  const queryClient = useQueryClient();
  const [name, setName] = useState(group.name);
  const [isConfirmingDelete, setConfirmingDelete] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const memberIds = new Set(group.members.map((member) => member.id));

  const save = async (patch: GroupPatch, done: string) => {
    setSaving(true);
    try {
      const saved = await adminApi.groups.update(group.id, patch);
      queryClient.setQueryData<GroupView[]>(GROUPS_KEY, (groups) =>
        groups?.map((item) => (item.id === saved.id ? saved : item)),
      );
      notifyInfo(done);
    } catch (error) {
      notifyError(describeError(error));
    } finally {
      setSaving(false);
    }
  };
  const remove = async () => {
    try {
      await adminApi.groups.remove(group.id);
      queryClient.setQueryData<GroupView[]>(GROUPS_KEY, (groups) =>
        groups?.filter((item) => item.id !== group.id),
      );
      notifyInfo(t('deleted', { name: group.name }));
    } catch (error) {
      notifyError(describeError(error));
    }
  };

  return (
    <section aria-label={t('section', { name: group.name })} className="rounded-lg border border-border p-4">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          void save({ name }, t('renamed', { name }));
        }}
      >
        <label className="text-sm">
          <span className="mb-1 block text-xs text-muted">{t('name')}</span>
          <input
            className="input"
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <button
          type="submit"
          className="button"
          disabled={isSaving || name.trim() === '' || name === group.name}
        >
          {t('rename')}
        </button>
        <label className="text-sm">
          <span className="mb-1 block text-xs text-muted">{t('planLabel')}</span>
          <select
            aria-label={t('planOf', { name: group.name })}
            className="rounded-md border border-border bg-canvas px-2 py-1.5 text-sm"
            value={group.planId ?? ''}
            disabled={isSaving}
            onChange={(event) =>
              void save({ planId: event.target.value || null }, t('planSaved', { name: group.name }))
            }
          >
            <option value="">{t('noPlan')}</option>
            {plans.map((plan) => (
              <option key={plan.id} value={plan.id}>
                {plan.name}
              </option>
            ))}
          </select>
        </label>
        <span className="flex-1" />
        {isConfirmingDelete ? (
          <>
            <button type="button" className="button-danger" onClick={() => void remove()}>
              {t('deleteNamed', { name: group.name })}
            </button>
            <button type="button" className="button" onClick={() => setConfirmingDelete(false)}>
              {t('cancel')}
            </button>
          </>
        ) : (
          <button type="button" className="button text-danger" onClick={() => setConfirmingDelete(true)}>
            {t('delete')}
          </button>
        )}
      </form>
      <h3 className="mt-3 text-xs font-medium text-muted">{t('members', { count: group.members.length })}</h3>
      {group.members.length === 0 ? <p className="text-sm text-muted">{t('noMembers')}</p> : null}
      <ul className="mt-1 flex flex-wrap gap-1.5">
        {group.members.map((member) => (
          <li
            key={member.id}
            className="flex items-center gap-1 rounded-full border border-border px-2 py-0.5 text-sm"
          >
            {member.email}
            <button
              type="button"
              className="text-muted hover:text-danger"
              aria-label={t('removeMember', { email: member.email, name: group.name })}
              disabled={isSaving}
              onClick={() =>
                void save(
                  { memberIds: [...memberIds].filter((id) => id !== member.id) },
                  t('memberRemoved', { email: member.email, name: group.name }),
                )
              }
            >
              {'×'}
            </button>
          </li>
        ))}
      </ul>
      <MemberPicker
        groupName={group.name}
        memberIds={memberIds}
        onAdd={(userId) =>
          void save({ memberIds: [...memberIds, userId] }, t('memberAdded', { name: group.name }))
        }
      />
    </section>
  );
}

/** Groups: create, rename, members, plan, delete. Model access per group is set on the Providers page. */
export function GroupsEditor() {
  const describeError = useDescribeError();
  const t = useTranslations('admin.groups');
  const queryClient = useQueryClient();
  const groups = useQuery({ queryKey: GROUPS_KEY, queryFn: () => adminApi.groups.list() });
  const plans = useQuery({ queryKey: ['admin', 'plans'], queryFn: () => adminApi.plans.list() });
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const created = await adminApi.groups.create({ name: name.trim() });
      queryClient.setQueryData<GroupView[]>(GROUPS_KEY, (list) => [...(list ?? []), created]);
      setName('');
      notifyInfo(t('created', { name: created.name }));
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <Panel title={t('title')}>
      <p className="mb-3 text-sm text-muted">{t('intro')}</p>
      <form className="mb-4 flex flex-wrap gap-2" onSubmit={(event) => void create(event)}>
        <input
          className="input max-w-xs"
          aria-label={t('newName')}
          placeholder={t('newName')}
          value={name}
          maxLength={100}
          onChange={(event) => setName(event.target.value)}
        />
        <button type="submit" className="button-primary" disabled={name.trim() === ''}>
          {t('create')}
        </button>
      </form>
      {error ? <LoadError message={error} /> : null}
      {groups.isError ? (
        <LoadError message={describeError(groups.error)} onRetry={() => void groups.refetch()} />
      ) : null}
      {groups.isSuccess && groups.data.length === 0 ? (
        <p className="text-sm text-muted">{t('empty')}</p>
      ) : null}
      <div className="flex flex-col gap-3">
        {groups.data?.map((group) => (
          <GroupCard key={group.id} group={group} plans={plans.data ?? []} />
        ))}
      </div>
    </Panel>
  );
}
