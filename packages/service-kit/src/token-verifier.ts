import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AccessTokenClaims, AppError, type Role } from '@vivier/contracts';

/** Who is calling, as proven by a verified access token. */
export interface Caller {
  id: string;
  role: Role;
  sessionId: string;
  emailVerified: boolean;
  /** Awaiting admin approval (see `authenticate`). */
  pending?: boolean;
}

export interface TokenVerifier {
  verify(token: string): Promise<Caller>;
}

/**
 * Verifies ES256 access tokens against auth-service's JWKS. jose's remote key set caches the
 * keys and refetches when a token names an unknown `kid` (key rotation), with a cooldown so a
 * flood of forged kids cannot hammer auth-service. Only ES256 is accepted: `alg: none` and
 * HS256 tokens signed with the public key fail here.
 */
export function createTokenVerifier(options: {
  jwksUrl?: string;
  keySet?: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  /** Verified tokens remembered until they expire (0 turns it off). */
  cacheSize?: number;
}): TokenVerifier {
  const cacheSize = options.cacheSize ?? 10_000;
  /**
   * A token that verified once is valid until its `exp`: its signature cannot change. A client
   * sends the same token on every request for up to 15 minutes, so the gateway and each service
   * skip the ECDSA check and the claims parse after the first time. Revocation is not a property
   * of the token (the gateway checks disabled users and role changes on every request). A Map in
   * insertion order is enough for a bounded cache that drops its oldest entry first.
   */
  const verified = new Map<string, { caller: Caller; expiresAtMs: number }>();
  function remember(token: string, caller: Caller, expiresAtMs: number) {
    if (cacheSize <= 0) return;
    if (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
    verified.set(token, { caller, expiresAtMs });
  }
  const keySet =
    options.keySet ??
    createRemoteJWKSet(new URL(options.jwksUrl ?? ''), {
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    });
  return {
    async verify(token) {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAtMs > Date.now()) return known.caller;
        verified.delete(token);
      }
      try {
        const { payload } = await jwtVerify(token, keySet, {
          algorithms: ['ES256'],
          issuer: options.issuer,
          audience: options.audience,
        });
        const claims = AccessTokenClaims.parse(payload);
        const caller: Caller = {
          id: claims.sub,
          role: claims.role,
          sessionId: claims.sid,
          emailVerified: claims.emailVerified,
          ...(claims.pending ? { pending: true } : {}),
        };
        if (payload.exp !== undefined) remember(token, caller, payload.exp * 1000);
        return caller;
      } catch (error) {
        throw new AppError('UNAUTHENTICATED', 'Invalid or expired access token', { cause: error });
      }
    },
  };
}

/** Keys a test signs its own tokens with, in place of auth-service's JWKS. */
export type TokenKeySet = JWTVerifyGetKey;

/**
 * The verifier of a service that trusts auth-service's tokens: its JWKS from env, or a test's
 * key set when one is given.
 */
export function tokenVerifierFromEnv(
  env: { AUTH_JWKS_URL: string; JWT_ISSUER: string; JWT_AUDIENCE: string },
  keySet?: TokenKeySet,
): TokenVerifier {
  return createTokenVerifier({
    ...(keySet ? { keySet } : { jwksUrl: env.AUTH_JWKS_URL }),
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
  });
}

/** `Authorization: Bearer <token>` → the token, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
