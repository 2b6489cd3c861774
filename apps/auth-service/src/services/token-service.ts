import { SignJWT } from 'jose';
import { AppError, newId, type Role } from '@vivier/contracts';
import type { AuthDb } from '@vivier/db';
import { SIGNING_ALG, type SigningKey } from '../lib/signing-keys';
import { hashToken, newSecretToken } from '../lib/secret-tokens';

export interface TokenServiceDeps {
  db: AuthDb;
  signingKey: SigningKey;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
}

export interface SessionUser {
  id: string;
  role: Role;
  emailVerifiedAt: Date | null;
  pendingApproval?: boolean;
}

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/**
 * Access tokens: ES256 JWTs with `kid`, short-lived. Refresh tokens: opaque, stored hashed,
 * one family per login; each use consumes the token and issues the next of the same family, and
 * presenting a consumed token revokes the whole family (a stolen token was replayed).
 */
export function createTokenService(deps: TokenServiceDeps) {
  const refreshTtlMs = deps.refreshTokenTtlDays * 24 * 60 * 60 * 1000;

  async function signAccessToken(user: SessionUser, sessionId: string): Promise<string> {
    return new SignJWT({
      role: user.role,
      sid: sessionId,
      emailVerified: user.emailVerifiedAt !== null,
      ...(user.pendingApproval ? { pending: true } : {}),
    })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: deps.signingKey.kid, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(deps.issuer)
      .setAudience(deps.audience)
      .setIssuedAt()
      .setExpirationTime(`${deps.accessTokenTtlSeconds}s`)
      .setJti(newId('session'))
      .sign(deps.signingKey.privateKey);
  }

  async function storeRefreshToken(userId: string, familyId: string, client: ClientInfo) {
    const refreshToken = newSecretToken();
    const refreshExpiresAt = new Date(Date.now() + refreshTtlMs);
    await deps.db.refreshToken.create({
      data: {
        id: newId('session'),
        userId,
        familyId,
        tokenHash: hashToken(refreshToken),
        expiresAt: refreshExpiresAt,
        ip: client.ip ?? null,
        userAgent: client.userAgent?.slice(0, 300) ?? null,
      },
    });
    return { refreshToken, refreshExpiresAt };
  }

  const invalidRefresh = () => new AppError('UNAUTHENTICATED', 'Session expired; please log in again');

  return {
    signAccessToken,

    /** A new session (login or registration): a new family. */
    async startSession(user: SessionUser, client: ClientInfo): Promise<IssuedTokens> {
      const familyId = newId('session');
      const stored = await storeRefreshToken(user.id, familyId, client);
      return { ...stored, accessToken: await signAccessToken(user, familyId) };
    },

    /**
     * Consumes `refreshToken` and issues its successor. `loadUser` lets the caller refuse
     * disabled or unverified users before anything is issued.
     */
    async rotate(
      refreshToken: string,
      client: ClientInfo,
      loadUser: (userId: string) => Promise<SessionUser>,
    ): Promise<IssuedTokens> {
      const stored = await deps.db.refreshToken.findUnique({ where: { tokenHash: hashToken(refreshToken) } });
      if (!stored || stored.revokedAt) throw invalidRefresh();
      if (stored.usedAt) {
        await revokeFamily(stored.familyId);
        throw invalidRefresh();
      }
      if (stored.expiresAt.getTime() <= Date.now()) throw invalidRefresh();

      // Conditional update: of two concurrent uses of one token only one wins; the loser is
      // treated as a replay.
      const consumed = await deps.db.refreshToken.updateMany({
        where: { id: stored.id, usedAt: null, revokedAt: null },
        data: { usedAt: new Date() },
      });
      if (consumed.count !== 1) {
        await revokeFamily(stored.familyId);
        throw invalidRefresh();
      }
      const user = await loadUser(stored.userId);
      const next = await storeRefreshToken(stored.userId, stored.familyId, client);
      return { ...next, accessToken: await signAccessToken(user, stored.familyId) };
    },

    /** Logout: the family of this token ends. Unknown tokens are ignored (logout is idempotent). */
    async endSession(refreshToken: string): Promise<void> {
      const stored = await deps.db.refreshToken.findUnique({ where: { tokenHash: hashToken(refreshToken) } });
      if (stored) await revokeFamily(stored.familyId);
    },

    async revokeAllSessions(userId: string): Promise<void> {
      await deps.db.refreshToken.updateMany({
        where: { userId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
    },
  };

  async function revokeFamily(familyId: string): Promise<void> {
    await deps.db.refreshToken.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }
}

export type TokenService = ReturnType<typeof createTokenService>;
