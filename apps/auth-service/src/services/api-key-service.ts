import { randomBytes } from 'node:crypto';
import {
  API_KEY_PREFIX,
  API_KEYS_PER_USER,
  AppError,
  isId,
  newId,
  type ApiKey,
  type CreatedApiKey,
  type ResolvedApiKey,
} from '@vivier/contracts';
import type { AuthDb } from '@vivier/db';
import { hashToken } from '../lib/secret-tokens';
import type { TokenService } from './token-service';

export interface ApiKeyServiceDeps {
  db: AuthDb;
  tokens: Pick<TokenService, 'signAccessToken'>;
}

/** `lastUsedAt` is written at most this often per key: a busy script must not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;
/** Characters of the secret kept in the clear to tell keys apart (after `vv-`). */
const SHOWN_CHARACTERS = 8;

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

function toApiKeyView(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

const invalidKey = () => new AppError('UNAUTHENTICATED', 'Incorrect API key provided');

/**
 * Personal API keys: `vv-` and 256 random bits, shown once and stored as SHA-256. Revoking deletes
 * the row, so a revoked key is indistinguishable from one that never existed.
 */
export function createApiKeyService(deps: ApiKeyServiceDeps) {
  const { db } = deps;
  const select = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true } as const;

  /**
   * Who may use the API: an admin may limit it to groups (admin-service's setting, read here, where
   * the key's owner is known). Admins always may; an account awaiting approval may not.
   */
  async function assertMayUseApi(user: {
    id: string;
    role: string;
    pendingApproval: boolean;
  }): Promise<void> {
    if (user.pendingApproval) {
      throw new AppError('ACCOUNT_PENDING', 'Your account is waiting for an administrator to approve it');
    }
    if (user.role === 'ADMIN') return;
    // Cross-service reads (admin-service owns both tables): raw SQL, as views.ts asks.
    const rows = await db.$queryRaw<Array<{ allowed: boolean }>>`
      SELECT (coalesce(cardinality(s."groupIds"), 0) = 0 OR EXISTS (
        SELECT 1 FROM "GroupMember" m WHERE m."userId" = ${user.id} AND m."groupId" = ANY (s."groupIds")
      )) AS allowed
      FROM (SELECT 1) AS one LEFT JOIN "ApiAccessSetting" s ON s.id = 'global'`;
    if (rows[0]?.allowed === false) {
      throw new AppError(
        'FORBIDDEN',
        'Your account may not use the API; ask an administrator to add you to a group that may',
      );
    }
  }

  return {
    async listKeys(userId: string): Promise<ApiKey[]> {
      const rows = await db.apiKey.findMany({
        where: { userId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        select,
      });
      return rows.map(toApiKeyView);
    },

    async createKey(userId: string, name: string): Promise<CreatedApiKey> {
      // A count then an insert may let two concurrent creates pass the limit by one: harmless.
      const held = await db.apiKey.count({ where: { userId } });
      if (held >= API_KEYS_PER_USER) {
        throw new AppError('CONFLICT', `You already have ${API_KEYS_PER_USER} keys; revoke one first`);
      }
      const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      const row = await db.apiKey.create({
        data: {
          id: newId('apiKey'),
          userId,
          name,
          prefix: secret.slice(0, API_KEY_PREFIX.length + SHOWN_CHARACTERS),
          secretHash: hashToken(secret),
        },
        select,
      });
      return { key: toApiKeyView(row), secret };
    },

    /** 404 for unknown, malformed and other users' ids alike. */
    async deleteKey(userId: string, keyId: string): Promise<void> {
      const { count } = isId('apiKey', keyId)
        ? await db.apiKey.deleteMany({ where: { id: keyId, userId } })
        : { count: 0 };
      if (count === 0) throw new AppError('NOT_FOUND', 'API key not found');
    },

    /**
     * The gateway's question: whose key is this? Answers with a fresh short-lived access token for
     * the owner (its session id is the key id). Disabled users' keys are refused like unknown ones.
     */
    async resolveKey(secret: string): Promise<ResolvedApiKey> {
      if (!secret.startsWith(API_KEY_PREFIX)) throw invalidKey();
      const key = await db.apiKey.findUnique({
        where: { secretHash: hashToken(secret) },
        include: {
          user: {
            select: { id: true, role: true, emailVerifiedAt: true, disabledAt: true, pendingApproval: true },
          },
        },
      });
      if (!key || key.user.disabledAt) throw invalidKey();
      await assertMayUseApi(key.user);
      const now = new Date();
      if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
        // Conditional: of concurrent first uses in the same minute only one writes.
        await db.apiKey.updateMany({
          where: {
            id: key.id,
            OR: [
              { lastUsedAt: null },
              { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } },
            ],
          },
          data: { lastUsedAt: now },
        });
      }
      return {
        keyId: key.id,
        userId: key.user.id,
        accessToken: await deps.tokens.signAccessToken(key.user, key.id),
      };
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
