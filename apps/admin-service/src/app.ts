import { guardedFetch, publishProviderSettingsChanged } from '@vivier/providers';
import {
  createApiAccessMirror,
  createService,
  tokenVerifierFromEnv,
  type BuildAppInput,
  readinessChecks,
  type Service,
} from '@vivier/service-kit';
import type { AdminEnv } from './env';
import type { AdminDeps } from './deps';
import { createAuditLog } from './services/audit-log';
import { createBaseUrlCheck } from './services/base-url-check';
import { createPlanAdminService } from './services/plan-admin-service';
import { createProviderSettingsService } from './services/provider-settings-service';
import { createStatsService } from './services/stats-service';
import { createUserAdminService } from './services/user-admin-service';
import { createIdentityAdminService } from './services/identity-admin-service';
import { identityRoutes } from './routes/identity';
import { adminOnly } from './routes/admin-only';
import { auditLogRoutes } from './routes/audit-log';
import { planRoutes } from './routes/plans';
import { providerRoutes } from './routes/providers';
import { statsRoutes } from './routes/stats';
import { userRoutes } from './routes/users';
import { groupRoutes } from './routes/groups';
import { mcpServerRoutes } from './routes/mcp-servers';
import { createMcpServerService } from './services/mcp-server-service';
import { publishedPresetRoutes } from './routes/published-presets';
import { createPublishedPresetService } from './services/published-preset-service';
import { knowledgeShareRoutes } from './routes/knowledge-shares';
import { createKnowledgeShareService } from './services/knowledge-share-service';
import { inviteRoutes, signupPolicyRoutes } from './routes/signup-policy';
import { createGroupService } from './services/group-service';
import { createSignupAdminService } from './services/signup-admin-service';
import { apiAccessRoutes } from './routes/api-access';
import { createApiAccessService } from './services/api-access-service';
import { internalSsoGroupRoutes } from './routes/internal-sso-groups';
import { envProviderRoutes } from './routes/env-providers';
import { createEnvProviderAccessService } from './services/env-provider-access-service';
import { createSsoGroupSync } from './services/sso-group-sync';

export function buildApp({ env, deps, logger, keySet }: BuildAppInput<AdminEnv, AdminDeps>): Service {
  const verifier = tokenVerifierFromEnv(env, keySet);
  const app = createService({
    name: 'admin-service',
    logger,
    verifier,
    trustProxy: env.TRUST_PROXY,
    readiness: readinessChecks({ prisma: deps.db, redis: deps.redis }),
  });

  const audit = createAuditLog({ db: deps.db });
  const users = createUserAdminService({ users: deps.users, audit, logger });
  const stats = createStatsService({ db: deps.db });
  const plans = createPlanAdminService({ plans: deps.plans, audit, logger });
  const announceChange = () => publishProviderSettingsChanged(deps.redis, env.REDIS_PREFIX);
  const groups = createGroupService({ db: deps.db, announceChange, logger });
  const signup = createSignupAdminService({ signup: deps.signup, audit });
  const checkUrl = createBaseUrlCheck({
    policy: deps.egressPolicy,
    probeTimeoutMs: env.EGRESS_PROBE_TIMEOUT_MS,
    logger: logger.child({ component: 'egress-guard' }),
  });
  const mcp = createMcpServerService({
    db: deps.db,
    secretBox: deps.secretBox,
    checkUrl,
    options: {
      allowStdio: env.MCP_ALLOW_STDIO,
      connectTimeoutMs: env.MCP_CONNECT_TIMEOUT_MS,
      fetch: guardedFetch(deps.egressPolicy),
    },
    logger,
  });
  const providers = createProviderSettingsService({
    db: deps.db,
    secretBox: deps.secretBox,
    checkBaseUrl: checkUrl,
    announceChange,
    logger,
  });

  const apiAccess = createApiAccessService({
    db: deps.db,
    mirror: createApiAccessMirror(deps.redis, env.REDIS_PREFIX),
    logger,
  });
  app.addHook('onReady', () => apiAccess.syncMirror());

  void app.register(adminOnly, {
    routes: async (scope) => {
      await scope.register(userRoutes, { users });
      await scope.register(statsRoutes, { stats });
      await scope.register(providerRoutes, { providers });
      await scope.register(envProviderRoutes, {
        access: createEnvProviderAccessService({ db: deps.db, chat: deps.chat, announceChange, logger }),
      });
      await scope.register(planRoutes, { plans });
      await scope.register(auditLogRoutes, { audit });
      await scope.register(groupRoutes, { groups });
      await scope.register(mcpServerRoutes, { mcp });
      await scope.register(publishedPresetRoutes, {
        presets: createPublishedPresetService({ db: deps.db }),
      });
      await scope.register(knowledgeShareRoutes, {
        shares: createKnowledgeShareService({ db: deps.db }),
      });
      await scope.register(signupPolicyRoutes, { signup });
      await scope.register(inviteRoutes, { signup });
      await scope.register(apiAccessRoutes, { access: apiAccess });
      await scope.register(identityRoutes, {
        identity: createIdentityAdminService({ identity: deps.identity, audit, logger, db: deps.db }),
      });
    },
  });
  void app.register(internalSsoGroupRoutes, {
    groups: createSsoGroupSync({
      db: deps.db,
      announceChange,
      logger: logger.child({ component: 'sso-groups' }),
    }),
    internalToken: env.INTERNAL_SERVICE_TOKEN,
  });
  return app;
}
