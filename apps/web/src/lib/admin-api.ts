import type {
  AdminUserPatch,
  CreateMcpServerRequest,
  McpServerView,
  ToolSettingsUpdate,
  UpdateMcpServerRequest,
  GroupCreateRequest,
  GroupPatch,
  GroupView,
  InviteCreateRequest,
  PlanPatch,
  PublishPresetRequest,
  Role,
  ProviderSettingsUpdate,
  EnvProviderAccess,
  SignupPolicyUpdate,
} from '@vivier/contracts';
import { apiClient, type ApiClient } from './api-client';
import { collectionEndpoints } from './api-collection';
import type { Contracts } from './contracts';

/**
 * The admin area's endpoints (role ADMIN; the API answers 403 to anyone else). Kept out of
 * api.ts so the chat route's bundle never carries them: only the admin pages import this.
 */
function createAdminApi(client: ApiClient) {
  const { request, requestVoid } = client;
  return {
    mcpServers: {
      ...collectionEndpoints<McpServerView, CreateMcpServerRequest, UpdateMcpServerRequest>(
        client,
        '/api/admin/mcp-servers',
        { list: (c: Contracts) => c.McpServerList, item: (c: Contracts) => c.McpServerView },
      ),
      refreshTools: (id: string) =>
        request(
          'POST',
          `/api/admin/mcp-servers/${encodeURIComponent(id)}/tools/refresh`,
          (c: Contracts) => c.McpServerView,
        ),
    },
    toolSettings: {
      get: () => request('GET', '/api/admin/tool-settings', (c: Contracts) => c.ToolSettingsView),
      update: (body: ToolSettingsUpdate) =>
        request('PUT', '/api/admin/tool-settings', (c: Contracts) => c.ToolSettingsView, { body }),
    },
    users: {
      create: (body: { email: string; name?: string; role: Role }) =>
        request('POST', '/api/admin/users', (c: Contracts) => c.UserAdminView, { body }),
      remove: (userId: string) => requestVoid('DELETE', `/api/admin/users/${encodeURIComponent(userId)}`),
      sendPasswordReset: (userId: string) =>
        requestVoid('POST', `/api/admin/users/${encodeURIComponent(userId)}/password-reset`),
      list: (query: { q?: string; cursor?: string }) =>
        request('GET', '/api/admin/users', (c: Contracts) => c.UserAdminList, {
          query: { q: query.q, cursor: query.cursor, limit: 25 },
        }),
      update: (userId: string, patch: AdminUserPatch) =>
        request(
          'PATCH',
          `/api/admin/users/${encodeURIComponent(userId)}`,
          (c: Contracts) => c.UserAdminView,
          { body: patch },
        ),
    },
    stats: (range: { from: string; to: string }) =>
      request('GET', '/api/admin/stats', (c: Contracts) => c.Stats, { query: range }),
    providers: {
      get: () => request('GET', '/api/admin/providers', (c: Contracts) => c.ProviderSettings),
      save: (settings: ProviderSettingsUpdate) =>
        request('PUT', '/api/admin/providers', (c: Contracts) => c.ProviderSettings, { body: settings }),
    },
    /** Providers configured by env: listed by chat-service, limited to groups here. */
    envProviders: {
      list: async () =>
        (await request('GET', '/api/admin/env-providers', (c: Contracts) => c.EnvProviderList)).items,
      save: (kind: string, access: EnvProviderAccess) =>
        request(
          'PUT',
          `/api/admin/env-providers/${encodeURIComponent(kind)}`,
          (c: Contracts) => c.EnvProviderAccessView,
          { body: access },
        ),
    },
    plans: {
      list: async () => (await request('GET', '/api/admin/plans', (c: Contracts) => c.PlanAdminList)).items,
      update: (planId: string, patch: PlanPatch) =>
        request(
          'PATCH',
          `/api/admin/plans/${encodeURIComponent(planId)}`,
          (c: Contracts) => c.PlanAdminView,
          { body: patch },
        ),
    },
    apiAccess: {
      get: () => request('GET', '/api/admin/api-access', (c: Contracts) => c.ApiAccessSetting),
      save: (body: { enabled: boolean; groupIds: string[] }) =>
        request('PUT', '/api/admin/api-access', (c: Contracts) => c.ApiAccessSetting, { body }),
    },
    groups: collectionEndpoints<GroupView, GroupCreateRequest, GroupPatch>(client, '/api/admin/groups', {
      list: (c: Contracts) => c.GroupList,
      item: (c: Contracts) => c.GroupView,
    }),
    presets: {
      list: async () =>
        (await request('GET', '/api/admin/presets', (c: Contracts) => c.PublishedPresetList)).items,
      publish: (body: PublishPresetRequest) =>
        request('POST', '/api/admin/presets', (c: Contracts) => c.PublishedPreset, { body }),
      remove: (presetId: string) =>
        requestVoid('DELETE', `/api/admin/presets/${encodeURIComponent(presetId)}`),
    },
    signup: {
      policy: () => request('GET', '/api/admin/signup-policy', (c: Contracts) => c.SignupPolicy),
      savePolicy: (body: SignupPolicyUpdate) =>
        request('PUT', '/api/admin/signup-policy', (c: Contracts) => c.SignupPolicy, { body }),
      invites: async () => (await request('GET', '/api/admin/invites', (c: Contracts) => c.InviteList)).items,
      createInvite: (body: InviteCreateRequest) =>
        request('POST', '/api/admin/invites', (c: Contracts) => c.InviteCreated, { body }),
      revokeInvite: (inviteId: string) =>
        requestVoid('DELETE', `/api/admin/invites/${encodeURIComponent(inviteId)}`),
    },
    auditLog: (cursor?: string) =>
      request('GET', '/api/admin/audit-log', (c: Contracts) => c.AuditLogPage, {
        query: { cursor, limit: 25 },
      }),
  };
}

export const adminApi = createAdminApi(apiClient);
