'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import { api } from '../../lib/api';
import { useAuthStore } from '../../stores/auth-store';
import { AuthCard, Field, FormError } from './auth-card';
import { useIsHydrated } from '../../hooks/use-is-hydrated';
import { formText, safeNextPath, useFormSubmit } from './use-form-submit';

export function LoginForm() {
  const router = useRouter();
  const next = safeNextPath(useSearchParams().get('next'));
  const status = useAuthStore((store) => store.status);
  useEffect(() => {
    if (status === 'authenticated') router.replace(next);
  }, [status, next, router]);

  const isHydrated = useIsHydrated();
  const { isPending, error, onSubmit } = useFormSubmit(async (data) => {
    const session = await api.auth.login({
      email: formText(data, 'email').trim(),
      password: formText(data, 'password'),
    });
    useAuthStore.getState().signedIn(session.user);
  });

  return (
    <AuthCard
      title="Sign in"
      footer={
        <>
          New here?{' '}
          <Link href="/register" className="font-medium text-fg underline">
            Create an account
          </Link>
        </>
      }
    >
      <form method="post" onSubmit={onSubmit}>
        <FormError message={error} />
        <Field label="Email" name="email" type="email" autoComplete="email" maxLength={254} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          maxLength={128}
        />
        <button type="submit" className="button-primary w-full" disabled={isPending || !isHydrated}>
          {isPending ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="mt-4 text-center text-sm">
          <Link href="/forgot-password" className="text-muted underline">
            Forgot password?
          </Link>
        </p>
      </form>
    </AuthCard>
  );
}
