'use client';

import { isOidcSignInFailure } from '@vivier/contracts/constants';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { identityApi } from '../../lib/identity-api';
import { FormError } from './auth-card';
import { useTranslations } from 'next-intl';

/** "Sign in with …" for each provider the server offers, and what went wrong on the way back. */
export function SsoButtons() {
  const t = useTranslations('auth');
  const failure = useSearchParams().get('sso_error');
  const providers = useQuery({ queryKey: ['sso-providers'], queryFn: () => identityApi.ssoProviders() });
  const message = failure ? (isOidcSignInFailure(failure) ? t(`sso.${failure}`) : t('sso.failed')) : null;
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
          {t('signInWith', { provider: provider.label })}
        </a>
      ))}
      {items.length > 0 ? <p className="my-3 text-center text-xs text-muted">{t('orWithEmail')}</p> : null}
    </div>
  );
}
