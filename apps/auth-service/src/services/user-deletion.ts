import { AppError } from '@vivier/contracts';
import type { AuthDb } from '@vivier/db';
import type { DisabledUsers, Logger } from '@vivier/service-kit';

/**
 * Deleting an account, whoever asks (the user, or an admin): one statement removes the user and,
 * by cascade, everything they own (chats, messages, generations, sessions, subscription row,
 * usage). Their files lose their owner instead (`File.userId` SET NULL) so that chat-service's
 * sweeper, which knows their storage keys, deletes the bytes too on its next pass.
 *
 * Refused, with nothing changed, when it would leave the instance without an enabled admin, or
 * while a paid Stripe subscription is still running (it would go on charging a deleted account).
 */
export function createUserDeletion(deps: {
  db: AuthDb;
  revocations: Pick<DisabledUsers, 'markDeleted'>;
  logger: Logger;
}) {
  const { db } = deps;

  async function assertNotLastAdmin(userId: string): Promise<void> {
    const otherAdmins = await db.user.count({
      where: { role: 'ADMIN', disabledAt: null, id: { not: userId } },
    });
    if (otherAdmins === 0) {
      throw new AppError('CONFLICT', 'This is the only admin account; make someone else an admin first');
    }
  }

  /** A cross-service read (billing owns subscriptions), so raw SQL, as views.ts asks. */
  async function hasRunningSubscription(userId: string): Promise<boolean> {
    const rows = await db.$queryRaw<Array<{ running: boolean }>>`
      SELECT true AS running FROM "Subscription"
      WHERE "userId" = ${userId} AND "stripeSubscriptionId" IS NOT NULL
        AND status IN ('active', 'trialing', 'past_due', 'unpaid') AND NOT "cancelAtPeriodEnd"
      LIMIT 1`;
    return rows.length > 0;
  }

  return {
    async deleteUser(userId: string): Promise<void> {
      const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, role: true } });
      if (!user) throw new AppError('NOT_FOUND', 'User not found');
      if (user.role === 'ADMIN') await assertNotLastAdmin(userId);
      if (await hasRunningSubscription(userId)) {
        throw new AppError(
          'CONFLICT',
          'This account has a running subscription; cancel it in Billing before deleting the account',
        );
      }
      const { count } = await db.user.deleteMany({ where: { id: userId } });
      if (count === 0) throw new AppError('NOT_FOUND', 'User not found');
      // Access tokens already issued are refused from now on, not when they expire.
      await deps.revocations.markDeleted(userId);
      deps.logger.info({ userId }, 'account deleted');
    },
  };
}

export type UserDeletion = ReturnType<typeof createUserDeletion>;
