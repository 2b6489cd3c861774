import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AccessTokenClaims, AppError, type Role } from '@vivier/contracts';

/** Who is calling, as proven by a verified access token. */
export interface Caller {
  id: string;
  role: Role;
  sessionId: string;
  emailVerified: boolean;
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
}): TokenVerifier {
  const keySet =
    options.keySet ??
    createRemoteJWKSet(new URL(options.jwksUrl ?? ''), {
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    });
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keySet, {
          algorithms: ['ES256'],
          issuer: options.issuer,
          audience: options.audience,
        });
        const claims = AccessTokenClaims.parse(payload);
        return {
          id: claims.sub,
          role: claims.role,
          sessionId: claims.sid,
          emailVerified: claims.emailVerified,
        };
      } catch (error) {
        throw new AppError('UNAUTHENTICATED', 'Invalid or expired access token', { cause: error });
      }
    },
  };
}

/** `Authorization: Bearer <token>` → the token, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
