'use client';

import type { OidcSignInFailure } from '@vivier/contracts';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { identityApi } from '../../lib/identity-api';
import { FormError } from './auth-card';

const failureMessages: Record<OidcSignInFailure, string> = {
  unknown_provider: 'That sign-in provider is not available.',
  state_mismatch: 'The sign-in took too long or was started elsewhere. Please try again.',
  signin_failed: 'The identity provider could not sign you in. Please try again.',
  email_missing: 'Your identity provider did not share an email address, which Vivier needs.',
  link_not_allowed:
    'An account with this email already exists. Sign in with your password, or ask an administrator to allow linking.',
  account_disabled: 'This account has been disabled.',
  signup_closed:
    'Sign-up is closed to this account (invitation only, or limited to some email domains). Ask an administrator for an invite.',
};

/** "Sign in with …" for each provider the server offers, and what went wrong on the way back. */
export function SsoButtons() {
  const failure = useSearchParams().get('sso_error');
  const providers = useQuery({ queryKey: ['sso-providers'], queryFn: () => identityApi.ssoProviders() });
  const message = failure
    ? (failureMessages[failure as OidcSignInFailure] ?? 'Single sign-on failed. Please try again.')
    : null;
  const items = providers.data ?? [];
  if (!message && items.length === 0) return null;
  return (
    <div className="mb-4">
      <FormError message={message} />
      {items.map((provider) => (
        // A full navigation, not fetch: the IdP's pages take over the window.
        <a
          key={provider.id}
          href={`/api/auth/oidc/${encodeURIComponent(provider.id)}/start`}
          className="button mb-2 w-full justify-center"
        >
          Sign in with {provider.label}
        </a>
      ))}
      {items.length > 0 ? <p className="my-3 text-center text-xs text-muted">or with your email</p> : null}
    </div>
  );
}
