import type { OidcSignInFailure } from '@vivier/contracts';

/** A sign-in that ends on the login page with this reason (never a stack trace in a browser). */
export class OidcSignInError extends Error {
  constructor(
    readonly reason: OidcSignInFailure,
    options: { cause?: unknown } = {},
  ) {
    super(`OIDC sign-in failed: ${reason}`, options);
    this.name = 'OidcSignInError';
  }
}
