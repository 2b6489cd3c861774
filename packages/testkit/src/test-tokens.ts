import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type JWK,
} from 'jose';

/**
 * A stand-in for auth-service's signing key in service tests: mints ES256 access tokens exactly as
 * auth-service does (same claims, issuer, audience, kid) and offers the matching key set for
 * `createTokenVerifier({ keySet })`. End-to-end tests use the real auth-service instead.
 */
export async function createTestTokens(options: { issuer?: string; audience?: string } = {}) {
  const issuer = options.issuer ?? 'vivier';
  const audience = options.audience ?? 'vivier';
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk: JWK = await exportJWK(publicKey);
  publicJwk.kid = await calculateJwkThumbprint(publicJwk);
  publicJwk.alg = 'ES256';
  publicJwk.use = 'sig';

  return {
    issuer,
    audience,
    jwks: { keys: [publicJwk] },
    keySet: createLocalJWKSet({ keys: [publicJwk] }),
    sign(
      userId: string,
      claims: {
        role?: 'USER' | 'ADMIN';
        emailVerified?: boolean;
        /** An account awaiting admin approval. */
        pending?: boolean;
        expiresIn?: string | Date;
        /** The session (refresh-token family) the token belongs to; `ses_<userId>` by default. */
        sessionId?: string;
      } = {},
    ) {
      return new SignJWT({
        role: claims.role ?? 'USER',
        sid: claims.sessionId ?? `ses_${userId}`,
        emailVerified: claims.emailVerified ?? true,
        ...(claims.pending ? { pending: true } : {}),
      })
        .setProtectedHeader({ alg: 'ES256', kid: publicJwk.kid!, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(claims.expiresIn ?? '15m')
        .sign(privateKey);
    },
  };
}

export type TestTokens = Awaited<ReturnType<typeof createTestTokens>>;
