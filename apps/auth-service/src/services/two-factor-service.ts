import {
  AppError,
  newId,
  type MfaChallengeResponse,
  type MfaRequirement,
  type TotpSetupResponse,
  type TwoFactorStatus,
} from '@vivier/contracts';
import type { AuthDb } from '@vivier/db';
import type { SecretBox } from '@vivier/providers';
import type { Redis } from 'ioredis';
import type { LoginThrottle } from '../lib/login-throttle';
import type { MfaTokens } from '../lib/mfa-tokens';
import { RECOVERY_CODE_COUNT, newRecoveryCode, normaliseRecoveryCode } from '../lib/recovery-codes';
import { hashToken } from '../lib/secret-tokens';
import { matchTotpStep, newTotpSecret, totpUri } from '../lib/totp';
import type { ClientInfo, TokenService } from './token-service';
import type { Session } from './auth-service';
import { toUserView } from './user-view';

const MFA_TOKEN_TTL_SECONDS = 5 * 60;
const POLICY_ID = 'default';
const TOTP_ISSUER = 'Vivier';

export interface TwoFactorServiceDeps {
  db: AuthDb;
  redis: Redis;
  redisPrefix: string;
  tokens: TokenService;
  mfaTokens: MfaTokens;
  secretBox: Pick<SecretBox, 'encrypt' | 'decrypt'>;
  /** The login throttle, keyed here by `mfa:<userId>` + IP: codes are guessed like passwords. */
  throttle: LoginThrottle;
}

type Client = ClientInfo & { ip: string };

const wrongCode = () => new AppError('INVALID_CREDENTIALS', 'That code is not valid');

export function createTwoFactorService(deps: TwoFactorServiceDeps) {
  const { db } = deps;
  const usedTokenKey = (jti: string) => `${deps.redisPrefix}mfa-token-used:${jti}`;
  const throttleKey = (userId: string) => `mfa:${userId}`;

  async function requirement(): Promise<MfaRequirement> {
    const row = await db.mfaPolicy.findUnique({ where: { id: POLICY_ID } });
    return (row?.require as MfaRequirement | undefined) ?? 'off';
  }

  const isRequiredFor = (policy: MfaRequirement, role: string) =>
    policy === 'everyone' || (policy === 'admins' && role === 'ADMIN');

  async function enabledTotp(userId: string) {
    const row = await db.userTotp.findUnique({ where: { userId } });
    return row?.enabledAt ? row : null;
  }

  /** A TOTP code (each step accepted once) or an unused recovery code (used up here). */
  async function consumeSecondFactor(userId: string, code: string): Promise<boolean> {
    const totp = await enabledTotp(userId);
    if (!totp) return false;
    const step = matchTotpStep(code.trim(), deps.secretBox.decrypt(totp.secretEncrypted));
    if (step !== null) {
      // Conditional update: of two concurrent uses of one code only one wins.
      const accepted = await db.userTotp.updateMany({
        where: { userId, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
        data: { lastUsedStep: step },
      });
      return accepted.count === 1;
    }
    const used = await db.recoveryCode.updateMany({
      where: { userId, codeHash: hashToken(normaliseRecoveryCode(code)), usedAt: null },
      data: { usedAt: new Date() },
    });
    return used.count === 1;
  }

  /** Checks a code with the same throttle as passwords; throws on a wrong one. */
  async function checkCode(userId: string, code: string, client: Client): Promise<void> {
    await deps.throttle.assertAllowed(throttleKey(userId), client.ip);
    if (!(await consumeSecondFactor(userId, code))) {
      await deps.throttle.recordFailure(throttleKey(userId), client.ip);
      throw wrongCode();
    }
    await deps.throttle.clear(throttleKey(userId), client.ip);
  }

  /** Marks an mfaToken spent; a second use of the same token is refused like an expired one. */
  async function spendToken(jti: string, expiresAt: number): Promise<void> {
    const ttl = Math.max(1, expiresAt - Math.floor(Date.now() / 1000));
    const fresh = await deps.redis.set(usedTokenKey(jti), '1', 'EX', ttl, 'NX');
    if (fresh !== 'OK')
      throw new AppError('INVALID_TOKEN', 'This sign-in step has expired; please log in again');
  }

  async function assertTokenUnspent(jti: string): Promise<void> {
    if (await deps.redis.exists(usedTokenKey(jti))) {
      throw new AppError('INVALID_TOKEN', 'This sign-in step has expired; please log in again');
    }
  }

  async function sessionFor(userId: string, client: Client): Promise<Session> {
    const user = await db.user.findUnique({ where: { id: userId } });
    if (!user || user.disabledAt) throw new AppError('ACCOUNT_DISABLED', 'This account has been disabled');
    const session = await deps.tokens.startSession(user, client);
    return { ...session, user: toUserView(user) };
  }

  async function setup(userId: string): Promise<TotpSetupResponse> {
    const user = await db.user.findUnique({ where: { id: userId } });
    if (!user || user.disabledAt)
      throw new AppError('UNAUTHENTICATED', 'Session expired; please log in again');
    if (await enabledTotp(userId)) {
      throw new AppError('CONFLICT', 'Two-factor authentication is already on; turn it off first');
    }
    const secret = newTotpSecret();
    const secretEncrypted = deps.secretBox.encrypt(secret);
    // A repeated setup replaces the pending secret: only the newest QR code works.
    await db.userTotp.upsert({
      where: { userId },
      create: { userId, secretEncrypted },
      update: { secretEncrypted, enabledAt: null, lastUsedStep: null },
    });
    return { otpauthUrl: totpUri(user.email, TOTP_ISSUER, secret), secret };
  }

  async function enable(userId: string, code: string, client: Client): Promise<string[]> {
    // Setup and enable are public at the gateway, which therefore does not refuse disabled users.
    const user = await db.user.findUnique({ where: { id: userId } });
    if (!user || user.disabledAt)
      throw new AppError('UNAUTHENTICATED', 'Session expired; please log in again');
    const pending = await db.userTotp.findUnique({ where: { userId } });
    if (!pending) throw new AppError('CONFLICT', 'Start the setup first');
    if (pending.enabledAt) throw new AppError('CONFLICT', 'Two-factor authentication is already on');
    await deps.throttle.assertAllowed(throttleKey(userId), client.ip);
    const step = matchTotpStep(code.trim(), deps.secretBox.decrypt(pending.secretEncrypted));
    if (step === null) {
      await deps.throttle.recordFailure(throttleKey(userId), client.ip);
      throw wrongCode();
    }
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await db.$transaction([
      db.userTotp.update({ where: { userId }, data: { enabledAt: new Date(), lastUsedStep: step } }),
      db.recoveryCode.deleteMany({ where: { userId } }),
      db.recoveryCode.createMany({
        data: codes.map((recovery) => ({
          id: newId('session'),
          userId,
          codeHash: hashToken(normaliseRecoveryCode(recovery)),
        })),
      }),
    ]);
    await deps.throttle.clear(throttleKey(userId), client.ip);
    return codes;
  }

  async function removeAll(userId: string): Promise<boolean> {
    const [, removed] = await db.$transaction([
      db.recoveryCode.deleteMany({ where: { userId } }),
      db.userTotp.deleteMany({ where: { userId } }),
    ]);
    return removed.count > 0;
  }

  return {
    async status(userId: string, role: string): Promise<TwoFactorStatus> {
      const [totp, left, policy] = await Promise.all([
        enabledTotp(userId),
        db.recoveryCode.count({ where: { userId, usedAt: null } }),
        requirement(),
      ]);
      return {
        totpEnabled: totp !== null,
        recoveryCodesLeft: totp ? left : 0,
        required: isRequiredFor(policy, role),
      };
    },

    setup,

    enable,

    /** With a code (TOTP or recovery) or the password; both are throttled like a login. */
    async disable(
      userId: string,
      proof: { code?: string; password?: string },
      client: Client,
    ): Promise<void> {
      if (!(await enabledTotp(userId))) throw new AppError('CONFLICT', 'Two-factor authentication is not on');
      if (proof.code !== undefined) {
        await checkCode(userId, proof.code, client);
      } else {
        const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
        const key = throttleKey(userId);
        if (!(await deps.throttle.verifyPassword(key, client.ip, user.passwordHash, proof.password ?? ''))) {
          throw new AppError('INVALID_CREDENTIALS', 'Password is incorrect');
        }
      }
      await removeAll(userId);
    },

    /**
     * After a correct password: null (no second factor; start the session), or the challenge
     * to answer instead of a session.
     */
    async challengeFor(user: { id: string; role: string }): Promise<MfaChallengeResponse | null> {
      if (await enabledTotp(user.id)) {
        return {
          mfaRequired: true,
          mfaToken: await deps.mfaTokens.sign(user.id, 'login', MFA_TOKEN_TTL_SECONDS),
        };
      }
      if (isRequiredFor(await requirement(), user.role)) {
        return {
          mfaEnrollmentRequired: true,
          mfaToken: await deps.mfaTokens.sign(user.id, 'enroll', MFA_TOKEN_TTL_SECONDS),
        };
      }
      return null;
    },

    async completeLogin(mfaToken: string, code: string, client: Client): Promise<Session> {
      const claims = await deps.mfaTokens.verify(mfaToken, 'login');
      await assertTokenUnspent(claims.jti);
      await checkCode(claims.userId, code, client);
      await spendToken(claims.jti, claims.expiresAt);
      return sessionFor(claims.userId, client);
    },

    async setupWithToken(mfaToken: string): Promise<TotpSetupResponse> {
      const claims = await deps.mfaTokens.verify(mfaToken, 'enroll');
      await assertTokenUnspent(claims.jti);
      return setup(claims.userId);
    },

    /** Enrolment forced by the policy: enabling also starts the session the login held back. */
    async enableWithToken(
      mfaToken: string,
      code: string,
      client: Client,
    ): Promise<{ recoveryCodes: string[]; session: Session }> {
      const claims = await deps.mfaTokens.verify(mfaToken, 'enroll');
      await assertTokenUnspent(claims.jti);
      const recoveryCodes = await enable(claims.userId, code, client);
      await spendToken(claims.jti, claims.expiresAt);
      return { recoveryCodes, session: await sessionFor(claims.userId, client) };
    },

    async policy(): Promise<{ require: MfaRequirement }> {
      return { require: await requirement() };
    },

    async setPolicy(
      require: MfaRequirement,
    ): Promise<{ before: { require: MfaRequirement }; after: { require: MfaRequirement } }> {
      const before = await requirement();
      await db.mfaPolicy.upsert({
        where: { id: POLICY_ID },
        create: { id: POLICY_ID, require },
        update: { require },
      });
      return { before: { require: before }, after: { require } };
    },

    /** Admin reset: the user signs in with the password alone next time (or enrols, if required). */
    async resetForUser(userId: string): Promise<{ totpEnabled: boolean }> {
      const user = await db.user.findUnique({ where: { id: userId } });
      if (!user) throw new AppError('NOT_FOUND', 'User not found');
      const had = (await enabledTotp(userId)) !== null;
      await removeAll(userId);
      return { totpEnabled: had };
    },
  };
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;
