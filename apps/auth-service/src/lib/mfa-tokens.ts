import { SignJWT, importJWK, jwtVerify } from 'jose';
import { AppError, newId } from '@vivier/contracts';
import { SIGNING_ALG, type SigningKey } from './signing-keys';

export type MfaPurpose = 'login' | 'enroll';

export interface MfaTokenClaims {
  userId: string;
  purpose: MfaPurpose;
  jti: string;
  expiresAt: number;
}

const TOKEN_TYPE = 'vivier-mfa+jwt';

/**
 * The token between a correct password and the second factor: a JWT signed with the service key
 * but with its own `typ` and audience, so it can never pass as an access token (and an access
 * token never passes as this). It carries no session; single use is enforced by the caller.
 */
export function createMfaTokens(deps: { signingKey: SigningKey; issuer: string; audience: string }) {
  const audience = `${deps.audience}:mfa`;
  const publicKey = importJWK(deps.signingKey.publicJwk, SIGNING_ALG);
  const invalid = () => new AppError('INVALID_TOKEN', 'This sign-in step has expired; please log in again');

  return {
    /** `ttlSeconds` may be negative to mint an already expired token (tests). */
    async sign(userId: string, purpose: MfaPurpose, ttlSeconds: number): Promise<string> {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ purpose })
        .setProtectedHeader({ alg: SIGNING_ALG, kid: deps.signingKey.kid, typ: TOKEN_TYPE })
        .setSubject(userId)
        .setIssuer(deps.issuer)
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .setJti(newId('session'))
        .sign(deps.signingKey.privateKey);
    },

    async verify(token: string, purpose: MfaPurpose): Promise<MfaTokenClaims> {
      try {
        const { payload } = await jwtVerify(token, await publicKey, {
          issuer: deps.issuer,
          audience,
          typ: TOKEN_TYPE,
          algorithms: [SIGNING_ALG],
        });
        if (payload.purpose !== purpose || !payload.sub || !payload.jti || !payload.exp) throw invalid();
        return { userId: payload.sub, purpose, jti: payload.jti, expiresAt: payload.exp };
      } catch {
        throw invalid();
      }
    },
  };
}

export type MfaTokens = ReturnType<typeof createMfaTokens>;
