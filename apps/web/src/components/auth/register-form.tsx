'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import { api } from '../../lib/api';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@vivier/contracts/constants';
import { useAuthStore } from '../../stores/auth-store';
import { AuthCard, Field, FormError } from './auth-card';
import { useIsHydrated } from '../../hooks/use-is-hydrated';
import { formText, useFormSubmit } from './use-form-submit';
import { useTranslations } from 'next-intl';

export function RegisterForm() {
  const t = useTranslations('auth');
  const router = useRouter();
  const status = useAuthStore((store) => store.status);
  useEffect(() => {
    if (status === 'authenticated') router.replace('/chat');
  }, [status, router]);

  const isHydrated = useIsHydrated();
  const invite = useSearchParams().get('invite') ?? undefined;
  const policy = useQuery({ queryKey: ['signup-policy'], queryFn: () => api.auth.signupPolicy() });
  const { isPending, error, onSubmit } = useFormSubmit(async (data) => {
    const name = formText(data, 'name').trim();
    const session = await api.auth.register({
      email: formText(data, 'email').trim(),
      password: formText(data, 'password'),
      ...(name ? { name } : {}),
      ...(invite ? { invite } : {}),
    });
    useAuthStore.getState().signedIn(session.user);
  });

  return (
    <AuthCard
      title={t('createYourAccount')}
      footer={
        <>
          {t('alreadyHaveAccount')}{' '}
          <Link href="/login" className="font-medium text-fg underline">
            {t('signIn')}
          </Link>
        </>
      }
    >
      <form method="post" onSubmit={onSubmit}>
        <SignupRule
          mode={policy.data?.mode}
          domains={policy.data?.domains ?? []}
          hasInvite={Boolean(invite)}
        />
        <FormError message={error} />
        <Field label={t('name')} name="name" autoComplete="name" required={false} maxLength={100} />
        <Field label={t('email')} name="email" type="email" autoComplete="email" maxLength={254} />
        <Field
          label={t('password')}
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          hint={t('passwordHintRegister', { min: PASSWORD_MIN_LENGTH })}
        />
        <button type="submit" className="button-primary w-full" disabled={isPending || !isHydrated}>
          {isPending ? t('creatingAccount') : t('createAccount')}
        </button>
      </form>
    </AuthCard>
  );
}

/** Tells people the sign-up rule before they fill the form in. */
function SignupRule({ mode, domains, hasInvite }: { mode?: string; domains: string[]; hasInvite: boolean }) {
  const t = useTranslations('auth');
  let text: string | null = null;
  if (hasInvite) text = t('rule.invited');
  else if (mode === 'invite') text = t('rule.invite');
  else if (mode === 'domains') text = t('rule.domains', { domains: domains.join(', ') });
  else if (mode === 'approval') text = t('rule.approval');
  if (!text) return null;
  return (
    <p role="note" className="mb-3 rounded-lg border border-border bg-surface px-3 py-2 text-sm">
      {text}
    </p>
  );
}
