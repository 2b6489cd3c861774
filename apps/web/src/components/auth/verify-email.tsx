'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import { describeError } from '../../lib/error-message';
import { useAuthStore } from '../../stores/auth-store';
import { AuthCard, FormError } from './auth-card';

/** Tokens are single-use: one request per token even when React runs the effect twice. */
const verifications = new Map<string, ReturnType<typeof api.auth.verifyEmail>>();

export function VerifyEmail() {
  const token = useSearchParams().get('token');
  const [state, setState] = useState<
    { kind: 'pending' } | { kind: 'verified'; email: string } | { kind: 'failed'; message: string }
  >(
    token
      ? { kind: 'pending' }
      : { kind: 'failed', message: 'This link has no token. Open the link from the email again.' },
  );

  useEffect(() => {
    if (!token) return;
    let verification = verifications.get(token);
    if (!verification) {
      verification = api.auth.verifyEmail(token);
      verifications.set(token, verification);
    }
    let isCurrent = true;
    verification
      .then(({ user }) => {
        const auth = useAuthStore.getState();
        if (auth.user?.id === user.id) auth.signedIn(user);
        if (isCurrent) setState({ kind: 'verified', email: user.email });
      })
      .catch((error: unknown) => {
        if (isCurrent) setState({ kind: 'failed', message: describeError(error) });
      });
    return () => {
      isCurrent = false;
    };
  }, [token]);

  return (
    <AuthCard title="Confirm your email">
      {state.kind === 'pending' ? (
        <p role="status">Confirming your email address…</p>
      ) : state.kind === 'verified' ? (
        <div role="status">
          <p className="mb-4">
            Your email <strong>{state.email}</strong> is verified.
          </p>
          <Link href="/chat" className="button-primary w-full">
            Continue to Vivier
          </Link>
        </div>
      ) : (
        <>
          <FormError message={state.message} />
          <Link href="/chat" className="button w-full">
            Go to Vivier
          </Link>
        </>
      )}
    </AuthCard>
  );
}
