import {
  AppError,
  newId,
  type MfaChallengeResponse,
  type RegisterRequest,
  type User,
} from '@vivier/contracts';
import type { AuthDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import { assertAcceptablePassword, decoyPasswordHash, hashPassword, verifyPassword } from '../lib/passwords';
import type { LoginThrottle } from '../lib/login-throttle';
import type { EmailQueue } from './email-service';
import type { SignupPolicyService } from './signup-policy';
import type { EmailTokens } from './email-tokens';
import type { ClientInfo, IssuedTokens, SessionUser, TokenService } from './token-service';
import { toUserView } from './user-view';

export interface AuthServiceDeps {
  db: AuthDb;
  tokens: TokenService;
  emails: EmailQueue;
  emailTokens: EmailTokens;
  /** Applies a confirmed email change (account-service). */
  confirmEmailChange: (userId: string) => Promise<{ user: User }>;
  throttle: LoginThrottle;
  logger: Logger;
  requireEmailVerification: boolean;
  signup: Pick<SignupPolicyService, 'admit' | 'consumeInvite'>;
  /** Two-factor (two-factor-service): after the password, a challenge instead of a session. */
  secondFactor: { challengeFor(user: { id: string; role: string }): Promise<MfaChallengeResponse | null> };
}

export type Session = IssuedTokens & { user: User };

/** Emails compare case-insensitively: stored and looked up lowercased. */
const normaliseEmail = (email: string) => email.trim().toLowerCase();

const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', 'Email or password is incorrect');

export function createAuthService(deps: AuthServiceDeps) {
  const { db, tokens } = deps;

  async function sendVerification(user: { id: string; email: string; name: string | null }): Promise<void> {
    const token = await deps.emailTokens.issue(user.id, 'VERIFY_EMAIL');
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
    ): Promise<Session | MfaChallengeResponse> {
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
      const challenge = await deps.secondFactor.challengeFor(user);
      if (challenge) return challenge;
      const session = await tokens.startSession(user, client);
      return { ...session, user: toUserView(user) };
    },

    refresh: (refreshToken: string, client: ClientInfo) =>
      tokens.rotate(refreshToken, client, loadSessionUser),

    logout: (refreshToken: string) => tokens.endSession(refreshToken),

    /** The link of a registration, or of an email change (which then takes effect). */
    async verifyEmail(token: string): Promise<User> {
      const { userId, purpose } = await deps.emailTokens.consume(token, ['VERIFY_EMAIL', 'CHANGE_EMAIL']);
      if (purpose === 'CHANGE_EMAIL') return (await deps.confirmEmailChange(userId)).user;
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
      const token = await deps.emailTokens.issue(user.id, 'RESET_PASSWORD');
      await deps.emails.enqueue({
        to: user.email,
        template: { kind: 'reset-password', name: user.name, token },
      });
    },

    /** A reset ends every session and every other outstanding reset link. */
    async resetPassword(token: string, password: string): Promise<void> {
      const { userId } = await deps.emailTokens.consume(token, ['RESET_PASSWORD']);
      const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
      assertAcceptablePassword(password, user.email);
      const passwordHash = await hashPassword(password);
      await db.$transaction([
        db.user.update({
          where: { id: userId },
          // Following the emailed link proves the address too.
          data: { passwordHash, hasPassword: true, emailVerifiedAt: user.emailVerifiedAt ?? new Date() },
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
