import type { GatewayEnv } from '../env';

export type Upstream = 'auth-service' | 'chat-service' | 'admin-service' | 'billing-service';

/** Which service owns which public prefix (ARCHITECTURE.md, "Public API"). */
export const apiRoutes: Array<{ prefix: string; upstream: Upstream; websocket?: boolean }> = [
  { prefix: '/api/auth', upstream: 'auth-service' },
  { prefix: '/api/chats', upstream: 'chat-service' },
  { prefix: '/api/messages', upstream: 'chat-service' },
  { prefix: '/api/generations', upstream: 'chat-service' },
  { prefix: '/api/models', upstream: 'chat-service' },
  { prefix: '/api/files', upstream: 'chat-service' },
  { prefix: '/api/ws', upstream: 'chat-service', websocket: true },
  { prefix: '/api/admin', upstream: 'admin-service' },
  { prefix: '/api/billing', upstream: 'billing-service' },
  { prefix: '/api/keys', upstream: 'auth-service' },
  { prefix: '/api/shares', upstream: 'chat-service' },
  { prefix: '/api/presets', upstream: 'chat-service' },
  { prefix: '/api/folders', upstream: 'chat-service' },
  { prefix: '/api/tags', upstream: 'chat-service' },
  { prefix: '/api/prompts', upstream: 'chat-service' },
  { prefix: '/api/tools', upstream: 'chat-service' },
  { prefix: '/api/knowledge', upstream: 'chat-service' },
];
// `/v1` (the OpenAI-compatible API, authenticated by API keys) is routed in lib/openai-api.ts.

/**
 * Routes reachable without an access token. Everything else under /api needs a valid one, and
 * the gateway refuses it before anything is proxied. The WebSocket may authenticate with its
 * first frame instead (browsers cannot set headers on it); chat-service enforces that.
 */
const publicRoutes = new Set([
  'POST /api/auth/register',
  'POST /api/auth/login',
  'POST /api/auth/refresh',
  'POST /api/auth/logout',
  'POST /api/auth/verify-email',
  'POST /api/auth/resend-verification',
  'POST /api/auth/forgot-password',
  'POST /api/auth/reset-password',
  'GET /api/auth/signup-policy',
  // Two-factor: the login's mfaToken stands in for the access token (auth-service checks either).
  'POST /api/auth/login/mfa',
  'POST /api/auth/2fa/totp/setup',
  'POST /api/auth/2fa/totp/enable',
  'GET /api/auth/oidc/providers',
  'POST /api/billing/webhook',
  'GET /api/billing/plans',
  'GET /api/ws',
]);

/**
 * Reachable before a session exists, by pattern: OIDC sign-in (`:provider` is any slug), and a
 * shared chat's page data, where the token in the path is the permission (one path segment of the
 * token's alphabet: nothing else under /api/shares, the owner's routes, becomes public).
 */
const publicRoutePatterns = [
  /^GET \/api\/auth\/oidc\/[^/]+\/(start|callback)$/,
  /^GET \/api\/shares\/[A-Za-z0-9_-]{1,100}\/public$/,
];

export function isPublicRoute(method: string, path: string): boolean {
  const route = `${method} ${path}`;
  return publicRoutes.has(route) || publicRoutePatterns.some((pattern) => pattern.test(route));
}

export function upstreamUrls(env: GatewayEnv): Record<Upstream, string | undefined> {
  return {
    'auth-service': env.AUTH_SERVICE_URL,
    'chat-service': env.CHAT_SERVICE_URL,
    'admin-service': env.ADMIN_SERVICE_URL,
    'billing-service': env.BILLING_SERVICE_URL,
  };
}
