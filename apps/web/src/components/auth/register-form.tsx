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

export function RegisterForm() {
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
      title="Create your account"
      footer={
        <>
          Already have an account?{' '}
          <Link href="/login" className="font-medium text-fg underline">
            Sign in
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
        <Field label="Name" name="name" autoComplete="name" required={false} maxLength={100} />
        <Field label="Email" name="email" type="email" autoComplete="email" maxLength={254} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. Common passwords are refused.`}
        />
        <button type="submit" className="button-primary w-full" disabled={isPending || !isHydrated}>
          {isPending ? 'Creating account…' : 'Create account'}
        </button>
      </form>
    </AuthCard>
  );
}

/** Tells people the sign-up rule before they fill the form in. */
function SignupRule({ mode, domains, hasInvite }: { mode?: string; domains: string[]; hasInvite: boolean }) {
  let text: string | null = null;
  if (hasInvite) text = 'You were invited: create your account below.';
  else if (mode === 'invite')
    text = 'Sign-up is by invitation only. Ask an administrator for an invite link.';
  else if (mode === 'domains') text = `Sign-up is open to email addresses at ${domains.join(', ')}.`;
  else if (mode === 'approval')
    text = 'New accounts need an administrator’s approval before they can be used.';
  if (!text) return null;
  return (
    <p role="note" className="mb-3 rounded-lg border border-border bg-surface px-3 py-2 text-sm">
      {text}
    </p>
  );
}
