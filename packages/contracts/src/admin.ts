import { z } from 'zod';
import { AccessGroupIds } from './access';
import { InternalUserListQuery, Role } from './auth';
import { ProviderKind } from './chat';
import { IsoDate, PaginationQuery, text } from './common';

/**
 * Admin wire types (admin-service, role ADMIN). Money is integer micro-dollars
 * (1 USD = 1_000_000) and token counts are integers, never floats.
 */

// ─── users ──────────────────────────────────────────────────────────────────────────────────

/**
 * `GET /api/admin/users?q&cursor&limit` → `UserAdminList` (newest first; `q` matches email or
 * name). An empty `q` (a cleared search box) means no filter.
 */
export const AdminUserListQuery = InternalUserListQuery.extend({
  q: z
    .string()
    .max(200)
    .optional()
    .transform((value) => (value === '' ? undefined : value)),
});
export type AdminUserListQuery = z.infer<typeof AdminUserListQuery>;

/** `PATCH /api/admin/users/:id` → the changed `UserAdminView`. Disabling ends the user's sessions at once. */
export const AdminUserPatch = z
  .object({ role: Role.optional(), disabled: z.boolean().optional(), approved: z.literal(true).optional() })
  .refine(
    (patch) => patch.role !== undefined || patch.disabled !== undefined || patch.approved !== undefined,
    {
      message: 'give `role`, `disabled` or `approved`',
    },
  );
export type AdminUserPatch = z.infer<typeof AdminUserPatch>;

// ─── stats ──────────────────────────────────────────────────────────────────────────────────

export const STATS_DEFAULT_DAYS = 30;
export const STATS_MAX_RANGE_DAYS = 366;

/** `2026-11-01` (a UTC day) or a full ISO datetime with Z/offset. */
const DateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * `GET /api/admin/stats?from&to`. `from` is inclusive; `to` is exclusive as a datetime and
 * inclusive as a bare date (`to=2026-11-30` covers all of the 30th). Without them: the last
 * STATS_DEFAULT_DAYS UTC days up to now. `from` must come before `to`, at most
 * STATS_MAX_RANGE_DAYS apart (the server checks this once both edges are resolved).
 */
export const StatsQuery = z.object({ from: DateOrDateTime.optional(), to: DateOrDateTime.optional() });
export type StatsQuery = z.infer<typeof StatsQuery>;

const count = z.number().int().min(0);

const UsageFigures = {
  inputTokens: count,
  outputTokens: count,
  costMicros: count,
};

export const StatsTotals = z.object({
  /** Every user registered before `to` (the size of the user base at the end of the range). */
  users: count,
  /** Users registered within the range. */
  newUsers: count,
  /** Distinct users with at least one message in the range. */
  activeUsers: count,
  /** Chats created within the range. */
  chats: count,
  /** Messages (any role) created within the range. */
  messages: count,
  /** Generations recorded in the usage ledger within the range. */
  generations: count,
  ...UsageFigures,
});
export type StatsTotals = z.infer<typeof StatsTotals>;

/** One UTC day; every day of the range is present, zeros included, oldest first. */
export const StatsDay = z.object({
  day: z.iso.date(),
  newUsers: count,
  activeUsers: count,
  chats: count,
  messages: count,
  generations: count,
  ...UsageFigures,
});
export type StatsDay = z.infer<typeof StatsDay>;

export const StatsProvider = z.object({ provider: z.string(), generations: count, ...UsageFigures });
export type StatsProvider = z.infer<typeof StatsProvider>;

export const StatsModel = z.object({
  provider: z.string(),
  model: z.string(),
  generations: count,
  ...UsageFigures,
});
export type StatsModel = z.infer<typeof StatsModel>;

export const Stats = z.object({
  /** The resolved range, `from` inclusive and `to` exclusive. */
  from: IsoDate,
  to: IsoDate,
  totals: StatsTotals,
  byDay: z.array(StatsDay),
  /** Highest cost first. */
  byProvider: z.array(StatsProvider),
  /** Highest cost first. */
  byModel: z.array(StatsModel),
});
export type Stats = z.infer<typeof Stats>;

// ─── providers ──────────────────────────────────────────────────────────────────────────────

const ModelId = z.string().min(1).max(200);
const micros = z.number().int().min(0).max(1_000_000_000_000);

/** An operator's changes to one model: hide it, or price it differently from the catalogue. */
export const ModelOverride = z.object({
  enabled: z.boolean().optional(),
  inputPerMTokMicros: micros.optional(),
  outputPerMTokMicros: micros.optional(),
  /** Only members of these groups may use the model; absent or empty: everyone. */
  groupIds: AccessGroupIds.optional(),
});
export type ModelOverride = z.infer<typeof ModelOverride>;

export const ModelOverrides = z
  .record(ModelId, ModelOverride)
  .refine((overrides) => Object.keys(overrides).length <= 500, 'at most 500 model overrides per provider');
export type ModelOverrides = z.infer<typeof ModelOverrides>;

/**
 * The `ProviderConfig.modelOverrides` column as stored: the wire overrides plus `isDefault: true`
 * on the one model that is the default (its row has `isDefault = true`). Services that read
 * ProviderConfig rows parse the column with this.
 */
export const StoredModelOverrides = z.record(
  z.string(),
  ModelOverride.extend({ isDefault: z.boolean().optional() }),
);
export type StoredModelOverrides = z.infer<typeof StoredModelOverrides>;

export const ProviderModelSummary = z.object({
  id: z.string(),
  label: z.string(),
  pricing: z.object({ inputPerMTokMicros: z.number().int(), outputPerMTokMicros: z.number().int() }),
});

/** A provider as admins see it. The API key is write-only: only `hasApiKey` ever leaves the server. */
export const ProviderView = z.object({
  /** `prv_…`; what `defaultModel.provider` refers to. */
  id: z.string(),
  kind: ProviderKind,
  label: z.string(),
  baseUrl: z.string().nullable(),
  hasApiKey: z.boolean(),
  enabled: z.boolean(),
  /** True for the provider that serves `defaultModel`. */
  isDefault: z.boolean(),
  modelOverrides: ModelOverrides,
  /** Only members of these groups may use this provider's models; empty: everyone. */
  accessGroupIds: z.array(z.string()),
  /** The built-in catalogue's models for this kind with list prices (empty for OpenAI-compatible endpoints). */
  knownModels: z.array(ProviderModelSummary),
});
export type ProviderView = z.infer<typeof ProviderView>;

export const DefaultModel = z.object({ provider: z.string().min(1).max(64), model: ModelId });
export type DefaultModel = z.infer<typeof DefaultModel>;

/** `GET /api/admin/providers`, and the answer to `PUT`. */
export const ProviderSettings = z.object({
  providers: z.array(ProviderView),
  defaultModel: DefaultModel.nullable(),
});
export type ProviderSettings = z.infer<typeof ProviderSettings>;

/**
 * An admin-entered endpoint: http(s) only, no credentials in the URL (they would be stored in
 * clear; use `apiKey`). The server also refuses loopback, private, link-local and metadata
 * addresses unless its egress policy allows them.
 */
export const ProviderBaseUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })
  .max(2048)
  .refine((value) => {
    const url = new URL(value);
    return url.username === '' && url.password === '';
  }, 'must not contain a user name or password (put the secret in apiKey)');

export const ProviderInput = z
  .object({
    /** An existing provider's id; leave it out to add a provider. */
    id: z.string().min(1).max(64).optional(),
    kind: ProviderKind,
    label: text(100).refine((value) => value.trim().length > 0, 'must not be empty'),
    baseUrl: ProviderBaseUrl.nullable().optional(),
    /** Write-only. Left out: keep the stored key; null: remove it; a string: replace it. */
    apiKey: text(4096)
      .refine((value) => value.length > 0, 'must not be empty')
      .nullable()
      .optional(),
    enabled: z.boolean().default(true),
    modelOverrides: ModelOverrides.default({}),
    /** Left out: keep the stored list (an older body stays valid); a new provider gets everyone. */
    accessGroupIds: AccessGroupIds.optional(),
  })
  .refine((provider) => provider.kind !== 'openai-compatible' || Boolean(provider.baseUrl), {
    message: 'an OpenAI-compatible provider needs a baseUrl',
    path: ['baseUrl'],
  });
export type ProviderInput = z.infer<typeof ProviderInput>;

export const MAX_PROVIDERS = 50;

/**
 * `PUT /api/admin/providers`: the whole settings document. Providers left out are removed.
 * `defaultModel.provider` names the `id` of a provider already saved (add a provider first, then
 * make one of its models the default).
 */
export const ProviderSettingsUpdate = z.object({
  providers: z.array(ProviderInput).max(MAX_PROVIDERS),
  defaultModel: DefaultModel.nullable(),
});
export type ProviderSettingsUpdate = z.infer<typeof ProviderSettingsUpdate>;

// ─── env-configured providers ─────────────────────────────────────────────────────────────────

/**
 * Who may use a provider configured by env (OPENAI_API_KEY, …) and each of its models: the lists a
 * ProviderConfig row carries, for providers that have no row. Empty or absent: everyone.
 */
export const EnvProviderAccess = z.object({
  accessGroupIds: AccessGroupIds,
  modelGroupIds: z
    .record(ModelId, AccessGroupIds)
    .refine((lists) => Object.keys(lists).length <= 500, 'at most 500 models per provider'),
});
export type EnvProviderAccess = z.infer<typeof EnvProviderAccess>;

export const EnvProviderParams = z.object({ kind: z.string().max(64) });
export type EnvProviderParams = z.infer<typeof EnvProviderParams>;

/** `PUT /api/admin/env-providers/:kind`: its lists as saved. */
export const EnvProviderAccessView = EnvProviderAccess.extend({ kind: ProviderKind });
export type EnvProviderAccessView = z.infer<typeof EnvProviderAccessView>;

/** What chat-service offers from env (`GET /internal/env-providers`, chat-service's internal API). */
export const EnvProviderOffer = z.object({
  kind: ProviderKind,
  offlineDemo: z.boolean(),
  models: z.array(ProviderModelSummary),
});
export type EnvProviderOffer = z.infer<typeof EnvProviderOffer>;

export const EnvProviderOfferList = z.object({ items: z.array(EnvProviderOffer) });
export type EnvProviderOfferList = z.infer<typeof EnvProviderOfferList>;

/** `GET /api/admin/env-providers`: each env provider chat-service offers, with its access lists. */
export const EnvProviderView = EnvProviderOffer.extend(EnvProviderAccess.shape);
export type EnvProviderView = z.infer<typeof EnvProviderView>;

export const EnvProviderList = z.object({ items: z.array(EnvProviderView) });
export type EnvProviderList = z.infer<typeof EnvProviderList>;

// ─── audit log ──────────────────────────────────────────────────────────────────────────────

/** Snapshots of the target before and after; secrets never appear (an API key is `hasApiKey`). */
const AuditSnapshot = z.record(z.string(), z.unknown()).nullable();

export const AuditEntry = z.object({
  id: z.string(),
  /** The admin who acted (a user id; kept even after that user is gone). */
  actorId: z.string(),
  /** The actor's email now; null once that account is gone. *Addition* to ARCHITECTURE.md. */
  actorEmail: z.string().nullable(),
  /** e.g. `user.role.change`, `user.disable`, `user.enable`, `provider.create`, `provider.update`, `provider.delete`, `provider.default-model.change`, `plan.update`. */
  action: z.string(),
  /** `user` | `provider` | `settings` | `plan` */
  targetType: z.string(),
  targetId: z.string(),
  /** For a `user` target, that user's email now (null once gone, or for other targets). */
  targetEmail: z.string().nullable(),
  before: AuditSnapshot,
  after: AuditSnapshot,
  createdAt: IsoDate,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** `GET /api/admin/audit-log?cursor&limit`, newest first. */
export const AuditLogQuery = PaginationQuery;
export type AuditLogQuery = z.infer<typeof AuditLogQuery>;

export const AuditLogPage = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() });
export type AuditLogPage = z.infer<typeof AuditLogPage>;
