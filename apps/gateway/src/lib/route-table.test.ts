import { describe, expect, it } from 'vitest';
import { isPublicRoute } from './route-table';

describe('isPublicRoute', () => {
  it('lets the two-factor step and OIDC sign-in through without an access token', () => {
    expect(isPublicRoute('POST', '/api/auth/login/mfa')).toBe(true);
    expect(isPublicRoute('POST', '/api/auth/2fa/totp/setup')).toBe(true);
    expect(isPublicRoute('GET', '/api/auth/oidc/providers')).toBe(true);
    expect(isPublicRoute('GET', '/api/auth/oidc/keycloak/start')).toBe(true);
    expect(isPublicRoute('GET', '/api/auth/oidc/keycloak/callback')).toBe(true);
  });

  it('keeps the rest of two-factor and anything near the OIDC paths behind a token', () => {
    expect(isPublicRoute('POST', '/api/auth/2fa/totp/disable')).toBe(false);
    expect(isPublicRoute('GET', '/api/auth/2fa')).toBe(false);
    expect(isPublicRoute('POST', '/api/auth/oidc/keycloak/start')).toBe(false);
    expect(isPublicRoute('GET', '/api/auth/oidc/a/b/start')).toBe(false);
    expect(isPublicRoute('GET', '/api/auth/oidc/keycloak/other')).toBe(false);
  });
});
