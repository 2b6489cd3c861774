import {
  AppError,
  type OidcGroupMappingEntry,
  type OidcProviderChange,
  type OidcProviderCreate,
  type OidcProviderEnvEntry,
  type OidcProviderInput,
  type OidcProviderView,
} from '@vivier/contracts';
import type { AuthDb } from '@vivier/db';
import type { SecretBox } from '@vivier/providers';

/** A provider ready to use: its secret decrypted. `version` changes whenever its settings do. */
export interface OidcProviderSettings {
  id: string;
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  allowLinking: boolean;
  adminClaim: string | null;
  adminValue: string | null;
  groupsClaim: string;
  groupMapping: OidcGroupMappingEntry[];
  enabled: boolean;
  source: 'env' | 'admin';
  version: string;
}

type ProviderRow = Awaited<ReturnType<AuthDb['oidcProvider']['findMany']>>[number];

const viewOf = (provider: OidcProviderSettings): OidcProviderView => ({
  id: provider.id,
  label: provider.label,
  issuer: provider.issuer,
  clientId: provider.clientId,
  hasClientSecret: provider.clientSecret !== undefined,
  allowLinking: provider.allowLinking,
  adminClaim: provider.adminClaim,
  adminValue: provider.adminValue,
  groupsClaim: provider.groupsClaim,
  groupMapping: provider.groupMapping,
  enabled: provider.enabled,
  source: provider.source,
});

/** The providers from env (read-only) and from admins (stored, the client secret encrypted). */
export function createOidcProviders(deps: {
  db: AuthDb;
  secretBox: Pick<SecretBox, 'encrypt' | 'decrypt'>;
  fromEnv: OidcProviderEnvEntry[];
}) {
  const envProviders = new Map(
    deps.fromEnv.map((entry): [string, OidcProviderSettings] => [
      entry.id,
      { ...entry, clientSecret: entry.clientSecret, source: 'env', version: 'env' },
    ]),
  );

  const fromRow = (row: ProviderRow): OidcProviderSettings => ({
    id: row.id,
    label: row.label,
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecret: row.clientSecretEncrypted ? deps.secretBox.decrypt(row.clientSecretEncrypted) : undefined,
    allowLinking: row.allowLinking,
    adminClaim: row.adminClaim,
    adminValue: row.adminValue,
    groupsClaim: row.groupsClaim,
    // Written only through the validated contract (create/update below).
    groupMapping: row.groupMapping as OidcGroupMappingEntry[],
    enabled: row.enabled,
    source: 'admin',
    version: row.updatedAt.toISOString(),
  });

  async function all(): Promise<OidcProviderSettings[]> {
    const rows = await deps.db.oidcProvider.findMany({ orderBy: { createdAt: 'asc' } });
    return [...envProviders.values(), ...rows.filter((row) => !envProviders.has(row.id)).map(fromRow)];
  }

  async function find(id: string): Promise<OidcProviderSettings | null> {
    const fromEnv = envProviders.get(id);
    if (fromEnv) return fromEnv;
    const row = await deps.db.oidcProvider.findUnique({ where: { id } });
    return row ? fromRow(row) : null;
  }

  const refuseEnv = (id: string) => {
    if (envProviders.has(id)) {
      throw new AppError(
        'CONFLICT',
        'This provider is configured in the environment (OIDC_PROVIDERS); change it there',
      );
    }
  };

  return {
    all,
    find,
    /** Enabled providers for the login page's buttons. */
    async buttons(): Promise<Array<{ id: string; label: string }>> {
      return (await all()).filter((provider) => provider.enabled).map(({ id, label }) => ({ id, label }));
    },

    async list(): Promise<OidcProviderView[]> {
      return (await all()).map(viewOf);
    },

    async create(input: OidcProviderCreate): Promise<OidcProviderChange> {
      const { id, clientSecret, ...fields } = input;
      refuseEnv(id);
      if (await deps.db.oidcProvider.findUnique({ where: { id } })) {
        throw new AppError('CONFLICT', 'A provider with this id already exists');
      }
      const row = await deps.db.oidcProvider.create({
        data: {
          id,
          ...fields,
          clientSecretEncrypted: clientSecret ? deps.secretBox.encrypt(clientSecret) : null,
        },
      });
      return { before: null, after: viewOf(fromRow(row)) };
    },

    async update(id: string, input: OidcProviderInput): Promise<OidcProviderChange> {
      const { clientSecret, ...fields } = input;
      refuseEnv(id);
      const existing = await deps.db.oidcProvider.findUnique({ where: { id } });
      if (!existing) throw new AppError('NOT_FOUND', 'Provider not found');
      const secret =
        clientSecret === undefined
          ? {}
          : { clientSecretEncrypted: clientSecret === null ? null : deps.secretBox.encrypt(clientSecret) };
      const row = await deps.db.oidcProvider.update({ where: { id }, data: { ...fields, ...secret } });
      return { before: viewOf(fromRow(existing)), after: viewOf(fromRow(row)) };
    },

    async remove(id: string): Promise<OidcProviderChange> {
      refuseEnv(id);
      const existing = await deps.db.oidcProvider.findUnique({ where: { id } });
      if (!existing) throw new AppError('NOT_FOUND', 'Provider not found');
      await deps.db.oidcProvider.delete({ where: { id } });
      return { before: viewOf(fromRow(existing)), after: null };
    },
  };
}

export type OidcProviders = ReturnType<typeof createOidcProviders>;
