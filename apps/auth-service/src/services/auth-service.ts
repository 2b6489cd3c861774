import { AppError, newId, type RegisterRequest, type User } from '@vivier/contracts';
import type { AuthDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import { assertAcceptablePassword, decoyPasswordHash, hashPassword, verifyPassword } from '../lib/passwords';
import { hashToken, newSecretToken } from '../lib/secret-tokens';
import type { LoginThrottle } from '../lib/login-throttle';
import type { EmailQueue } from './email-service';
import type { SignupPolicyService } from './signup-policy';
import type { ClientInfo, IssuedTokens, SessionUser, TokenService } from './token-service';
import { toUserView } from './user-view';

const VERIFY_EMAIL_TTL_MS = 24 * 60 * 60 * 1000;
const RESET_PASSWORD_TTL_MS = 60 * 60 * 1000;

export interface AuthServiceDeps {
  db: AuthDb;
  tokens: TokenService;
  emails: EmailQueue;
  throttle: LoginThrottle;
  logger: Logger;
  requireEmailVerification: boolean;
  signup: Pick<SignupPolicyService, 'admit' | 'consumeInvite'>;
}

export type Session = IssuedTokens & { user: User };

/** Emails compare case-insensitively: stored and looked up lowercased. */
const normaliseEmail = (email: string) => email.trim().toLowerCase();

const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', 'Email or password is incorrect');

export function createAuthService(deps: AuthServiceDeps) {
  const { db, tokens } = deps;

  async function issueEmailToken(
    userId: string,
    purpose: 'VERIFY_EMAIL' | 'RESET_PASSWORD',
  ): Promise<string> {
    const token = newSecretToken();
    const ttl = purpose === 'VERIFY_EMAIL' ? VERIFY_EMAIL_TTL_MS : RESET_PASSWORD_TTL_MS;
    await db.emailToken.create({
      data: {
        id: newId('session'),
        userId,
        purpose,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + ttl),
      },
    });
    return token;
  }

  /** Marks a live token used (once, atomically) and returns its user id, or throws. */
  async function consumeEmailToken(
    token: string,
    purpose: 'VERIFY_EMAIL' | 'RESET_PASSWORD',
  ): Promise<string> {
    const tokenHash = hashToken(token);
    const stored = await db.emailToken.findUnique({ where: { tokenHash } });
    const consumed = stored
      ? await db.emailToken.updateMany({
          where: { id: stored.id, purpose, usedAt: null, expiresAt: { gt: new Date() } },
          data: { usedAt: new Date() },
        })
      : { count: 0 };
    if (!stored || consumed.count !== 1) {
      throw new AppError('INVALID_TOKEN', 'This link is invalid or has expired');
    }
    return stored.userId;
  }

  async function sendVerification(user: { id: string; email: string; name: string | null }): Promise<void> {
    const token = await issueEmailToken(user.id, 'VERIFY_EMAIL');
    await deps.emails.enqueue({ to: user.email, template: { kind: 'verify-email', name: user.name, token } });
  }

  /** Users who may hold a session right now; others get the same answers as a bad session. */
  async function loadSessionUser(userId: string): Promise<SessionUser> {
    const user = await db.user.findUnique({ where: { id: userId } });
    if (!user || user.disabledAt)
      throw new AppError('UNAUTHENTICATED', 'Session expired; please log in again');
    if (deps.requireEmailVerification && !user.emailVerifiedAt) {
      throw new AppError('EMAIL_NOT_VERIFIED', 'Please confirm your email address first');
    }
    return user;
  }

  return {
    async register(input: RegisterRequest, client: ClientInfo): Promise<Session> {
      const email = normaliseEmail(input.email);
      assertAcceptablePassword(input.password, email);
      const passwordHash = await hashPassword(input.password);
      let user;
      try {
        user = await db.$transaction(async (tx) => {
          // One registration at a time decides "no admin yet" and consumes an invite: two first
          // users cannot both become ADMIN, one invite cannot admit two people.
          await tx.$queryRaw`SELECT 1 AS "locked" FROM pg_advisory_xact_lock(hashtext('vivier:signup'))`;
          const admission = await deps.signup.admit(tx, email, input.invite);
          const created = await tx.user.create({
            data: {
              id: newId('user'),
              email,
              name: input.name ?? null,
              passwordHash,
              role: admission.role,
              pendingApproval: admission.pendingApproval,
            },
          });
          if (admission.inviteId) await deps.signup.consumeInvite(tx, admission.inviteId, created.id);
          return created;
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'P2002') {
          throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
        }
        throw error;
      }
      await sendVerification(user);
      deps.logger.info({ userId: user.id }, 'user registered');
      const session = await tokens.startSession(user, client);
      return { ...session, user: toUserView(user) };
    },

    async login(
      input: { email: string; password: string },
      client: ClientInfo & { ip: string },
    ): Promise<Session> {
      const email = normaliseEmail(input.email);
      await deps.throttle.assertAllowed(email, client.ip);
      const user = await db.user.findUnique({ where: { email } });
      const isValid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
      if (!user || !isValid) {
        await deps.throttle.recordFailure(email, client.ip);
        throw invalidCredentials();
      }
      await deps.throttle.clear(email, client.ip);
      if (user.disabledAt) throw new AppError('ACCOUNT_DISABLED', 'This account has been disabled');
      if (deps.requireEmailVerification && !user.emailVerifiedAt) {
        throw new AppError('EMAIL_NOT_VERIFIED', 'Please confirm your email address first');
      }
      const session = await tokens.startSession(user, client);
      return { ...session, user: toUserView(user) };
    },

    refresh: (refreshToken: string, client: ClientInfo) =>
      tokens.rotate(refreshToken, client, loadSessionUser),

    logout: (refreshToken: string) => tokens.endSession(refreshToken),

    async me(userId: string): Promise<User> {
      const user = await db.user.findUnique({ where: { id: userId } });
      if (!user || user.disabledAt)
        throw new AppError('UNAUTHENTICATED', 'Session expired; please log in again');
      return toUserView(user);
    },

    async verifyEmail(token: string): Promise<User> {
      const userId = await consumeEmailToken(token, 'VERIFY_EMAIL');
      const user = await db.user.update({
        where: { id: userId },
        data: { emailVerifiedAt: new Date() },
      });
      return toUserView(user);
    },

    /** Same answer whether or not the email exists, or is already verified. */
    async resendVerification(target: { userId?: string; email?: string }): Promise<void> {
      const user = target.userId
        ? await db.user.findUnique({ where: { id: target.userId } })
        : target.email
          ? await db.user.findUnique({ where: { email: normaliseEmail(target.email) } })
          : null;
      if (user && !user.emailVerifiedAt && !user.disabledAt) await sendVerification(user);
    },

    /** Same answer whether or not the email exists. */
    async forgotPassword(emailInput: string): Promise<void> {
      const user = await db.user.findUnique({ where: { email: normaliseEmail(emailInput) } });
      if (!user || user.disabledAt) return;
      const token = await issueEmailToken(user.id, 'RESET_PASSWORD');
      await deps.emails.enqueue({
        to: user.email,
        template: { kind: 'reset-password', name: user.name, token },
      });
    },

    /** A reset ends every session and every other outstanding reset link. */
    async resetPassword(token: string, password: string): Promise<void> {
      const userId = await consumeEmailToken(token, 'RESET_PASSWORD');
      const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
      assertAcceptablePassword(password, user.email);
      const passwordHash = await hashPassword(password);
      await db.$transaction([
        db.user.update({
          where: { id: userId },
          // Following the emailed link proves the address too.
          data: { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? new Date() },
        }),
        db.emailToken.updateMany({
          where: { userId, purpose: 'RESET_PASSWORD', usedAt: null },
          data: { usedAt: new Date() },
        }),
      ]);
      await tokens.revokeAllSessions(userId);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
