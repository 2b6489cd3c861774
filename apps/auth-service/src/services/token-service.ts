import { SignJWT } from 'jose';
import { AppError, newId, type Role } from '@vivier/contracts';
import type { AuthDb } from '@vivier/db';
import type { DisabledUsers } from '@vivier/service-kit';
import { SIGNING_ALG, type SigningKey } from '../lib/signing-keys';
import { hashToken, newSecretToken } from '../lib/secret-tokens';
import { openSuccessor, sealSuccessor } from '../lib/successor-seal';

export interface TokenServiceDeps {
  db: AuthDb;
  signingKey: SigningKey;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  /** Ended sessions' access tokens are refused at once (gateway, chat-service's sockets). */
  revocations: Pick<DisabledUsers, 'revokeSessions'>;
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

/** A concurrent use finds the winner's successor this soon after the rotation, or never. */
const CONCURRENT_USE_WINDOW_MS = 10_000;

/**
 * Access tokens: ES256 JWTs with `kid`, short-lived. Refresh tokens: opaque, stored hashed,
 * one family per login; each use consumes the token and issues the next of the same family, and
 * presenting a consumed token revokes the whole family (a stolen token was replayed). Two uses
 * that both found the token unused (two tabs refreshing at once right after sign-in) are not a
 * replay: the one that loses the race gets the winner's successor, so neither tab signs the user
 * out. A use that starts after the rotation is a replay, however soon it comes.
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
    const id = newId('session');
    await deps.db.refreshToken.create({
      data: {
        id,
        userId,
        familyId,
        tokenHash: hashToken(refreshToken),
        expiresAt: refreshExpiresAt,
        ip: client.ip ?? null,
        userAgent: client.userAgent?.slice(0, 300) ?? null,
      },
    });
    return { id, refreshToken, refreshExpiresAt };
  }

  /**
   * Consumes `stored` (the row of `presented`) and returns its successor; undefined when a
   * concurrent use consumed it first. The successor exists before the consumption is visible,
   * so whoever sees the seal can hand it out.
   */
  async function consume(
    stored: { id: string; userId: string; familyId: string },
    presented: string,
    client: ClientInfo,
  ) {
    const next = await storeRefreshToken(stored.userId, stored.familyId, client);
    // Conditional update: of two concurrent uses of one token only one wins.
    const consumed = await deps.db.refreshToken.updateMany({
      where: { id: stored.id, usedAt: null, revokedAt: null },
      data: { usedAt: new Date(), successorSealed: sealSuccessor(presented, next.refreshToken) },
    });
    if (consumed.count === 1) return next;
    await deps.db.refreshToken.deleteMany({ where: { id: next.id } });
    return undefined;
  }

  /** The live successor the concurrent use that consumed `presented` sealed, if any. */
  async function concurrentSuccessor(presented: string) {
    const stored = await deps.db.refreshToken.findUnique({ where: { tokenHash: hashToken(presented) } });
    if (!stored?.usedAt || stored.revokedAt || !stored.successorSealed) return undefined;
    if (Date.now() - stored.usedAt.getTime() > CONCURRENT_USE_WINDOW_MS) return undefined;
    const successor = openSuccessor(presented, stored.successorSealed);
    if (!successor) return undefined;
    const next = await deps.db.refreshToken.findUnique({ where: { tokenHash: hashToken(successor) } });
    if (!next || next.usedAt || next.revokedAt || next.expiresAt.getTime() <= Date.now()) return undefined;
    return { refreshToken: successor, refreshExpiresAt: next.expiresAt };
  }

  const invalidRefresh = () => new AppError('UNAUTHENTICATED', 'Session expired; please log in again');

  return {
    signAccessToken,

    /** A new session (login or registration): a new family. */
    async startSession(user: SessionUser, client: ClientInfo): Promise<IssuedTokens> {
      const familyId = newId('session');
      const { refreshToken, refreshExpiresAt } = await storeRefreshToken(user.id, familyId, client);
      return { refreshToken, refreshExpiresAt, accessToken: await signAccessToken(user, familyId) };
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
      if (stored.expiresAt.getTime() <= Date.now()) throw invalidRefresh();
      // Used before this request read it: a replay. Used while this request was consuming it
      // (a concurrent refresh won the race): the winner's successor.
      const next = stored.usedAt
        ? undefined
        : ((await consume(stored, refreshToken, client)) ?? (await concurrentSuccessor(refreshToken)));
      if (!next) {
        await revokeFamily(stored.familyId);
        throw invalidRefresh();
      }
      const user = await loadUser(stored.userId);
      return {
        refreshToken: next.refreshToken,
        refreshExpiresAt: next.refreshExpiresAt,
        accessToken: await signAccessToken(user, stored.familyId),
      };
    },

    /** Logout: the family of this token ends. Unknown tokens are ignored (logout is idempotent). */
    async endSession(refreshToken: string): Promise<void> {
      const stored = await deps.db.refreshToken.findUnique({ where: { tokenHash: hashToken(refreshToken) } });
      if (stored) await revokeFamily(stored.familyId);
    },

    async revokeAllSessions(userId: string): Promise<void> {
      const live = await deps.db.refreshToken.findMany({
        where: { userId, revokedAt: null },
        select: { familyId: true },
        distinct: ['familyId'],
      });
      await deps.db.refreshToken.updateMany({
        where: { userId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      await deps.revocations.revokeSessions(live.map((token) => token.familyId));
    },
  };

  /** Logout, or a replayed token: the family ends, and so do its access tokens. */
  async function revokeFamily(familyId: string): Promise<void> {
    await deps.db.refreshToken.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await deps.revocations.revokeSessions([familyId]);
  }
}

export type TokenService = ReturnType<typeof createTokenService>;
