import type { PrismaClient } from './generated/prisma/client';

/**
 * Per-service views of the one client (see ARCHITECTURE.md, "each table has one owning service").
 * A service's deps take its view, so reaching for another service's table is a compile error;
 * cross-service reads that really are needed (admin stats) go through `$queryRaw`.
 *
 * Known gap: the `tx` that `$transaction(async (tx) => …)` hands over is Prisma's full
 * TransactionClient, so inside a callback the narrowing is a convention, not a type.
 */
export type AuthDb = Pick<
  PrismaClient,
  | 'user'
  | 'refreshToken'
  | 'emailToken'
  | 'signupPolicy'
  | 'invite'
  | 'apiKey'
  | 'userTotp'
  | 'recoveryCode'
  | 'mfaPolicy'
  | 'oidcProvider'
  | 'oidcIdentity'
  | '$transaction'
  | '$queryRaw'
>;

export type ChatDb = Pick<
  PrismaClient,
  | 'chat'
  | 'message'
  | 'generation'
  | 'file'
  | 'shareLink'
  | 'preset'
  | 'prompt'
  | 'folder'
  | 'knowledgeBase'
  | 'knowledgeFile'
  | 'knowledgeChunk'
  | '$transaction'
  | '$queryRaw'
>;

export type BillingDb = Pick<
  PrismaClient,
  'plan' | 'subscription' | 'usageEntry' | 'stripeEvent' | '$transaction' | '$queryRaw'
>;

export type AdminDb = Pick<
  PrismaClient,
  | 'auditLog'
  | 'providerConfig'
  | 'envProviderAccess'
  | 'apiAccessSetting'
  | 'group'
  | 'groupMember'
  | 'publishedPreset'
  | 'mcpServer'
  | 'toolSettings'
  | 'knowledgeBase'
  | '$transaction'
  | '$queryRaw'
>;
