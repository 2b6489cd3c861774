import {
  AppError,
  type MfaPolicyBody,
  type MfaRequirement,
  type OidcProviderCreate,
  type OidcProviderInput,
  type OidcProviderView,
} from '@vivier/contracts';
import type { AdminDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import type { AuditLog, AuditRecord } from './audit-log';
import type { AuthIdentityClient } from './auth-identity-client';

/** Sign-in settings admins change (auth-service applies them); every change audited. */
export function createIdentityAdminService(deps: {
  identity: AuthIdentityClient;
  audit: Pick<AuditLog, 'record'>;
  logger: Logger;
  db: Pick<AdminDb, 'group'>;
}) {
  /** A claim → group mapping names existing groups by id (admin-service owns them). */
  async function assertMappedGroupsExist(input: OidcProviderInput): Promise<void> {
    const ids = [...new Set(input.groupMapping.map((entry) => entry.group))];
    if (ids.length === 0) return;
    const found = await deps.db.group.findMany({ where: { id: { in: ids } }, select: { id: true } });
    const known = new Set(found.map((group) => group.id));
    const missing = input.groupMapping.flatMap((entry, index) =>
      known.has(entry.group)
        ? []
        : [{ path: `groupMapping.${index}.group`, message: `no group has the id ${entry.group}` }],
    );
    if (missing.length > 0)
      throw new AppError('VALIDATION_FAILED', 'Unknown group in groupMapping', { details: missing });
  }

  /** The change is made in auth-service; without its audit row the admin sees a failure. */
  async function audited(record: AuditRecord, requestId: string): Promise<void> {
    try {
      await deps.audit.record(record);
    } catch (error) {
      deps.logger.error(
        { err: error, audit: record, requestId },
        'audit write failed after a sign-in settings change',
      );
      throw error;
    }
  }

  return {
    mfaPolicy: (requestId: string) => deps.identity.mfaPolicy(requestId),

    async setMfaPolicy(actorId: string, require: MfaRequirement, requestId: string): Promise<MfaPolicyBody> {
      const { before, after } = await deps.identity.setMfaPolicy(require, requestId);
      await audited(
        {
          actorId,
          action: 'settings.mfa-policy',
          targetType: 'settings',
          targetId: 'mfa-policy',
          before,
          after,
        },
        requestId,
      );
      return after;
    },

    async resetTwoFactor(actorId: string, userId: string, requestId: string): Promise<void> {
      const before = await deps.identity.resetTwoFactor(userId, requestId);
      await audited(
        {
          actorId,
          action: 'user.2fa.reset',
          targetType: 'user',
          targetId: userId,
          before,
          after: { totpEnabled: false },
        },
        requestId,
      );
    },

    oidcProviders: (requestId: string) => deps.identity.oidcProviders(requestId),

    /** Views carry `hasClientSecret`, never the secret: the audit trail holds none either. */
    async createOidcProvider(
      actorId: string,
      input: OidcProviderCreate,
      requestId: string,
    ): Promise<OidcProviderView> {
      await assertMappedGroupsExist(input);
      const { after } = await deps.identity.createOidcProvider(input, requestId);
      await audited(
        {
          actorId,
          action: 'oidc-provider.create',
          targetType: 'oidc-provider',
          targetId: input.id,
          before: null,
          after,
        },
        requestId,
      );
      return after!;
    },

    async putOidcProvider(
      actorId: string,
      id: string,
      input: OidcProviderInput,
      requestId: string,
    ): Promise<OidcProviderView> {
      if (input.groupMapping.length > 0) {
        // An unknown provider is a 404 whatever the body says (the access matrix holds every route to it).
        const known = await deps.identity.oidcProviders(requestId);
        if (!known.items.some((provider) => provider.id === id))
          throw new AppError('NOT_FOUND', 'Provider not found');
        await assertMappedGroupsExist(input);
      }
      const { before, after } = await deps.identity.putOidcProvider(id, input, requestId);
      await audited(
        {
          actorId,
          action: 'oidc-provider.update',
          targetType: 'oidc-provider',
          targetId: id,
          before,
          after,
        },
        requestId,
      );
      return after!;
    },

    async deleteOidcProvider(actorId: string, id: string, requestId: string): Promise<void> {
      const { before } = await deps.identity.deleteOidcProvider(id, requestId);
      await audited(
        {
          actorId,
          action: 'oidc-provider.delete',
          targetType: 'oidc-provider',
          targetId: id,
          before,
          after: null,
        },
        requestId,
      );
    },
  };
}

export type IdentityAdminService = ReturnType<typeof createIdentityAdminService>;
