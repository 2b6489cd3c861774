'use client';

import { useTranslations } from 'next-intl';
import type { PlanAdminView, PlanPatch } from '@vivier/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { adminApi } from '../../lib/admin-api';
import { isApiError } from '../../lib/api-error';
import { useDescribeError } from '../../hooks/use-describe-error';
import { microsToDollarsInput, parseDollarsToMicros } from '../../lib/money-input';
import { LabelledInput } from '../ui/labelled-field';
import { notifyInfo } from '../ui/notices';
import { LoadError, Panel } from '../ui/page-frame';
import { FieldError } from './provider-card';

const PLANS_KEY = ['admin', 'plans'] as const;

/** The form's fields from a plan; prices typed in dollars. */
const formOf = (plan: PlanAdminView) => ({
  name: plan.name,
  price: microsToDollarsInput(plan.priceMonthlyCents * 10_000),
  allowance: microsToDollarsInput(plan.allowanceMicros),
  active: plan.active,
});

/** The plan's text fields, with the key of the API's error detail that belongs to each. */
const textFields: Array<{
  field: 'name' | 'price' | 'allowance';
  errorPath: string;
  maxLength?: number;
  inputMode?: 'decimal';
}> = [
  { field: 'name', errorPath: 'name', maxLength: 100 },
  { field: 'price', errorPath: 'priceMonthlyCents', inputMode: 'decimal' },
  { field: 'allowance', errorPath: 'allowanceMicros', inputMode: 'decimal' },
];

function PlanRow({ plan, onSaved }: { plan: PlanAdminView; onSaved: (plan: PlanAdminView) => void }) {
  const describeError = useDescribeError();
  const t = useTranslations('admin.plans');
  const id = useId();
  const [form, setForm] = useState(() => formOf(plan));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);

  const save = async (patch: PlanPatch) => {
    setSaving(true);
    setMessage(null);
    try {
      const saved = await adminApi.plans.update(plan.id, patch);
      setForm(formOf(saved));
      setErrors({});
      onSaved(saved);
      notifyInfo(t('saved', { name: saved.name }));
    } catch (error) {
      if (isApiError(error) && error.code === 'VALIDATION_FAILED' && error.details.length > 0) {
        setErrors(Object.fromEntries(error.details.map((detail) => [detail.path, detail.message])));
      }
      setMessage(describeError(error));
    } finally {
      setSaving(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const priceMicros = parseDollarsToMicros(form.price);
    const allowanceMicros = parseDollarsToMicros(form.allowance);
    const local: Record<string, string> = {};
    if (priceMicros === null || priceMicros % 10_000 !== 0) local.priceMonthlyCents = t('errors.price');
    if (allowanceMicros === null) local.allowanceMicros = t('errors.allowance');
    if (form.name.trim() === '') local.name = t('errors.name');
    setErrors(local);
    if (Object.keys(local).length > 0 || priceMicros === null || allowanceMicros === null) return;
    const patch: PlanPatch = {};
    if (form.name !== plan.name) patch.name = form.name;
    if (priceMicros / 10_000 !== plan.priceMonthlyCents) patch.priceMonthlyCents = priceMicros / 10_000;
    if (allowanceMicros !== plan.allowanceMicros) patch.allowanceMicros = allowanceMicros;
    if (form.active !== plan.active) patch.active = form.active;
    if (Object.keys(patch).length === 0) return setMessage(t('nothingChanged'));
    void save(patch);
  };

  return (
    <li aria-label={t('row', { name: plan.name })} className="py-3">
      <form className="grid items-start gap-2 sm:grid-cols-[1fr_8rem_8rem_auto]" onSubmit={submit}>
        {textFields.map(({ field, errorPath, maxLength, inputMode }) => (
          <LabelledInput
            key={field}
            id={`${id}-${field}`}
            label={field === 'name' && plan.isDefault ? t('nameDefault') : t(field)}
            labelClassName="label text-xs"
            maxLength={maxLength}
            inputMode={inputMode}
            value={form[field]}
            onChange={(event) => setForm({ ...form, [field]: event.target.value })}
            after={<FieldError message={errors[errorPath]} />}
          />
        ))}
        <div className="flex flex-wrap items-center gap-2 sm:pt-6">
          <label className="flex items-center gap-1.5 text-sm">
            <input
              type="checkbox"
              checked={form.active}
              disabled={plan.isDefault}
              onChange={(event) => setForm({ ...form, active: event.target.checked })}
            />
            {t('active')}
          </label>
          <button type="submit" className="button-primary py-1.5" disabled={isSaving}>
            {isSaving ? t('saving') : t('save')}
          </button>
          {!plan.isDefault ? (
            <button
              type="button"
              className="button py-1.5"
              disabled={isSaving || !plan.active}
              onClick={() => void save({ isDefault: true })}
            >
              {t('makeDefault')}
            </button>
          ) : null}
        </div>
        {message ? (
          <p role="alert" className="text-sm text-danger sm:col-span-4">
            {message}
          </p>
        ) : null}
      </form>
    </li>
  );
}

/** Plans: name, monthly price, usage allowance, active, and which one is the default (Free). */
export function PlansEditor() {
  const describeError = useDescribeError();
  const t = useTranslations('admin.plans');
  const queryClient = useQueryClient();
  const plans = useQuery({ queryKey: PLANS_KEY, queryFn: adminApi.plans.list });
  const onSaved = () => {
    // Making one plan the default unsets another: read them all again.
    void queryClient.invalidateQueries({ queryKey: PLANS_KEY });
    void queryClient.invalidateQueries({ queryKey: ['admin', 'audit-log'] });
  };
  return (
    <Panel title={t('title')}>
      <p className="mb-2 text-xs text-muted">{t('intro')}</p>
      {plans.isError ? (
        <LoadError message={describeError(plans.error)} onRetry={() => void plans.refetch()} />
      ) : null}
      {plans.isPending ? <p className="text-sm text-muted">{t('loading')}</p> : null}
      <ul className="divide-y divide-border">
        {plans.data?.map((plan) => (
          <PlanRow key={`${plan.id}-${plan.updatedAt}`} plan={plan} onSaved={onSaved} />
        ))}
      </ul>
    </Panel>
  );
}
