import {
  AppError,
  isId,
  type AccountResponse,
  type AccountSession,
  type DeleteAccountRequest,
  type UpdateMeRequest,
} from '@vivier/contracts';
import type { AuthDb } from '@vivier/db';
import type { DisabledUsers, Logger } from '@vivier/service-kit';
import type { LoginThrottle } from '../lib/login-throttle';
import { assertAcceptablePassword, hashPassword } from '../lib/passwords';
import type { EmailQueue } from './email-service';
import type { EmailTokens } from './email-tokens';
import type { TokenService } from './token-service';
import type { UserDeletion } from './user-deletion';
import { toUserView } from './user-view';

export interface AccountServiceDeps {
  db: AuthDb;
  tokens: TokenService;
  emailTokens: EmailTokens;
  emails: EmailQueue;
  throttle: LoginThrottle;
  revocations: Pick<DisabledUsers, 'revokeSessions'>;
  deletion: UserDeletion;
  logger: Logger;
}

/** Who is asking: the user and the session (refresh-token family) their access token names. */
export interface AccountCaller {
  id: string;
  sessionId: string;
  ip: string;
}

const sessionNotFound = () => new AppError('NOT_FOUND', 'Session not found');
const confirmationMissing = (field: 'password' | 'confirmEmail', message: string) =>
  new AppError('VALIDATION_FAILED', message, { details: [{ path: field, message }] });

/**
 * What a signed-in user may do to their own account: name and email, password, signed-in
 * devices, deletion. Every change that proves who they are (password, deletion) re-checks the
 * password under the login throttle, so a stolen access token cannot take the account over.
 */
export function createAccountService(deps: AccountServiceDeps) {
  const { db } = deps;

  async function loadUser(userId: string) {
    const user = await db.user.findUnique({ where: { id: userId } });
    if (!user || user.disabledAt)
      throw new AppError('UNAUTHENTICATED', 'Session expired; please log in again');
    return user;
  }

  /**
   * The password check of a sensitive action: throttled like a login, by account and address. A
   * wrong one is a 400 on the field, not a 401: the session itself is fine, and a client must not
   * take it for an expired one.
   */
  async function assertPassword(
    user: { email: string; passwordHash: string },
    field: 'currentPassword' | 'password',
    password: string,
    ip: string,
  ) {
    if (!(await deps.throttle.verifyPassword(user.email, ip, user.passwordHash, password))) {
      throw new AppError(
        'VALIDATION_FAILED',
        field === 'currentPassword' ? 'The current password is incorrect' : 'The password is incorrect',
      );
    }
  }

  /** Live families of the user: each has exactly one unused, unrevoked, unexpired token. */
  async function liveSessions(userId: string) {
    return db.refreshToken.findMany({
      where: { userId, usedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
    });
  }

  /** Ends these families now: refresh tokens revoked, and their access tokens refused at once. */
  async function endSessions(userId: string, familyIds: string[]): Promise<void> {
    if (familyIds.length === 0) return;
    await db.refreshToken.updateMany({
      where: { userId, familyId: { in: familyIds }, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await deps.revocations.revokeSessions(familyIds);
  }

  return {
    async account(userId: string): Promise<AccountResponse> {
      const user = await loadUser(userId);
      return { user: toUserView(user), pendingEmail: user.pendingEmail };
    },

    /**
     * A name changes at once. An email waits for the link sent to the new address (the old one
     * keeps working until then, and is told once the change happens).
     */
    async updateMe(userId: string, patch: UpdateMeRequest): Promise<AccountResponse> {
      const user = await loadUser(userId);
      const email = patch.email?.trim().toLowerCase();
      const changesEmail = email !== undefined && email !== user.email;
      if (changesEmail) {
        const taken = await db.user.findUnique({ where: { email }, select: { id: true } });
        if (taken) throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
      }
      const updated = await db.user.update({
        where: { id: userId },
        data: {
          ...(patch.name === undefined ? {} : { name: patch.name?.trim() || null }),
          // Asking for the current address again cancels a pending change.
          ...(email === undefined ? {} : { pendingEmail: changesEmail ? email : null }),
        },
      });
      if (changesEmail) {
        const token = await deps.emailTokens.issue(userId, 'CHANGE_EMAIL');
        await deps.emails.enqueue({
          to: email,
          template: { kind: 'change-email', name: updated.name, token },
        });
      }
      return { user: toUserView(updated), pendingEmail: updated.pendingEmail };
    },

    /** Following the link: the pending address becomes the account's, verified. */
    async confirmEmailChange(userId: string): Promise<AccountResponse> {
      const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
      if (!user.pendingEmail) throw new AppError('INVALID_TOKEN', 'This link is invalid or has expired');
      let updated;
      try {
        updated = await db.user.update({
          where: { id: userId },
          data: { email: user.pendingEmail, pendingEmail: null, emailVerifiedAt: new Date() },
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'P2002') {
          throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
        }
        throw error;
      }
      await deps.emails.enqueue({
        to: user.email,
        template: { kind: 'email-changed', name: user.name, newEmail: updated.email },
      });
      deps.logger.info({ userId }, 'email changed');
      return { user: toUserView(updated), pendingEmail: null };
    },

    /** Every other session ends; this one stays signed in. */
    async changePassword(
      caller: AccountCaller,
      input: { currentPassword: string; newPassword: string },
    ): Promise<void> {
      const user = await loadUser(caller.id);
      await assertPassword(user, 'currentPassword', input.currentPassword, caller.ip);
      assertAcceptablePassword(input.newPassword, user.email);
      const passwordHash = await hashPassword(input.newPassword);
      await db.$transaction([
        db.user.update({ where: { id: user.id }, data: { passwordHash, hasPassword: true } }),
        // An outstanding reset link would undo the change.
        db.emailToken.updateMany({
          where: { userId: user.id, purpose: 'RESET_PASSWORD', usedAt: null },
          data: { usedAt: new Date() },
        }),
      ]);
      const others = (await liveSessions(user.id))
        .map((token) => token.familyId)
        .filter((familyId) => familyId !== caller.sessionId);
      await endSessions(user.id, others);
    },

    async listSessions(caller: AccountCaller): Promise<AccountSession[]> {
      const live = await liveSessions(caller.id);
      if (live.length === 0) return [];
      const started = await db.refreshToken.groupBy({
        by: ['familyId'],
        where: { userId: caller.id, familyId: { in: live.map((token) => token.familyId) } },
        _min: { createdAt: true },
      });
      const startedAt = new Map(started.map((row) => [row.familyId, row._min.createdAt]));
      return live.map((token) => ({
        id: token.familyId,
        createdAt: (startedAt.get(token.familyId) ?? token.createdAt).toISOString(),
        // The live token was issued by the family's latest refresh: its last use.
        lastUsedAt: token.createdAt.toISOString(),
        userAgent: token.userAgent,
        ip: token.ip,
        current: token.familyId === caller.sessionId,
      }));
    },

    async revokeSession(caller: AccountCaller, sessionId: string): Promise<void> {
      if (!isId('session', sessionId)) throw sessionNotFound();
      const live = await db.refreshToken.findFirst({
        where: { userId: caller.id, familyId: sessionId, usedAt: null, revokedAt: null },
        select: { id: true },
      });
      if (!live) throw sessionNotFound();
      await endSessions(caller.id, [sessionId]);
    },

    /** With the password; an account that has none confirms by typing its email address. */
    async deleteAccount(caller: AccountCaller, confirmation: DeleteAccountRequest): Promise<void> {
      const user = await loadUser(caller.id);
      if (user.hasPassword) {
        if (confirmation.password === undefined) throw confirmationMissing('password', 'Enter your password');
        await assertPassword(user, 'password', confirmation.password, caller.ip);
      } else if (confirmation.confirmEmail?.trim().toLowerCase() !== user.email) {
        throw confirmationMissing('confirmEmail', 'Type your email address exactly to confirm');
      }
      await deps.deletion.deleteUser(user.id);
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
