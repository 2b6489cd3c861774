import { AppError, newId } from '@vivier/contracts';
import type { AuthDb } from '@vivier/db';
import { hashToken, newSecretToken } from '../lib/secret-tokens';

export type EmailTokenPurpose = 'VERIFY_EMAIL' | 'RESET_PASSWORD' | 'CHANGE_EMAIL';

const DEFAULT_TTL_MS: Record<EmailTokenPurpose, number> = {
  VERIFY_EMAIL: 24 * 60 * 60 * 1000,
  RESET_PASSWORD: 60 * 60 * 1000,
  CHANGE_EMAIL: 24 * 60 * 60 * 1000,
};

/** Single-use links sent by email: stored hashed, each for one purpose, expiring. */
export function createEmailTokens(db: Pick<AuthDb, 'emailToken'>) {
  return {
    async issue(
      userId: string,
      purpose: EmailTokenPurpose,
      ttlMs = DEFAULT_TTL_MS[purpose],
    ): Promise<string> {
      const token = newSecretToken();
      await db.emailToken.create({
        data: {
          id: newId('session'),
          userId,
          purpose,
          tokenHash: hashToken(token),
          expiresAt: new Date(Date.now() + ttlMs),
        },
      });
      return token;
    },

    /**
     * Marks a live token of one of `purposes` used (once, atomically) and returns whose it was
     * and what for, or throws.
     */
    async consume(
      token: string,
      purposes: readonly EmailTokenPurpose[],
    ): Promise<{ userId: string; purpose: EmailTokenPurpose }> {
      const stored = await db.emailToken.findUnique({ where: { tokenHash: hashToken(token) } });
      const consumed = stored
        ? await db.emailToken.updateMany({
            where: {
              id: stored.id,
              purpose: { in: [...purposes] },
              usedAt: null,
              expiresAt: { gt: new Date() },
            },
            data: { usedAt: new Date() },
          })
        : { count: 0 };
      if (!stored || consumed.count !== 1) {
        throw new AppError('INVALID_TOKEN', 'This link is invalid or has expired');
      }
      return { userId: stored.userId, purpose: stored.purpose };
    },
  };
}

export type EmailTokens = ReturnType<typeof createEmailTokens>;
