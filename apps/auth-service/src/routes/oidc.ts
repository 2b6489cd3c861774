import type { FastifyReply } from 'fastify';
import { OidcCallbackQuery, OidcProviderButtons, OidcProviderParams } from '@vivier/contracts';
import type { Service } from '@vivier/service-kit';
import type { OidcService } from '../services/oidc-service';
import { OidcSignInError } from '../services/oidc-sign-in-error';
import type { OidcProviders } from '../services/oidc-providers';
import { setRefreshCookie } from './refresh-cookie';

/** Binds a sign-in's state to the browser that started it (login CSRF). */
export const OIDC_STATE_COOKIE = 'vivier_oidc_state';
const STATE_COOKIE_PATH = '/api/auth/oidc';

/**
 * Browser navigations, not API calls: every outcome is a redirect — to the IdP, into the app, or
 * back to the login page with `?sso_error=<reason>`.
 */
export async function oidcRoutes(
  app: Service,
  options: { oidc: OidcService; providers: OidcProviders; cookieSecure: boolean; publicUrl: string },
) {
  const { oidc, cookieSecure } = options;
  const toLogin = (reply: FastifyReply, error: unknown) => {
    if (!(error instanceof OidcSignInError)) throw error;
    const url = new URL('/login', options.publicUrl);
    url.searchParams.set('sso_error', error.reason);
    return reply.redirect(url.href, 303);
  };

  app.get('/api/auth/oidc/providers', { schema: { response: { 200: OidcProviderButtons } } }, async () => ({
    items: await options.providers.buttons(),
  }));

  app.get(
    '/api/auth/oidc/:provider/start',
    { schema: { params: OidcProviderParams } },
    async (request, reply) => {
      try {
        const { url, state } = await oidc.start(request.params.provider);
        reply.setCookie(OIDC_STATE_COOKIE, state, {
          httpOnly: true,
          // Lax: the IdP's redirect back is a top-level GET navigation, which carries it.
          sameSite: 'lax',
          secure: cookieSecure,
          path: STATE_COOKIE_PATH,
          maxAge: 10 * 60,
        });
        return reply.redirect(url, 303);
      } catch (error) {
        return toLogin(reply, error);
      }
    },
  );

  app.get(
    '/api/auth/oidc/:provider/callback',
    { schema: { params: OidcProviderParams, querystring: OidcCallbackQuery } },
    async (request, reply) => {
      reply.clearCookie(OIDC_STATE_COOKIE, {
        httpOnly: true,
        sameSite: 'lax',
        secure: cookieSecure,
        path: STATE_COOKIE_PATH,
      });
      try {
        const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        const session = await oidc.callback(
          request.params.provider,
          search,
          request.cookies[OIDC_STATE_COOKIE],
          {
            ip: request.ip,
            userAgent: request.headers['user-agent'],
          },
        );
        setRefreshCookie(reply, session.refreshToken, session.refreshExpiresAt, cookieSecure);
        // The web app refreshes on load: the cookie is the whole session hand-over.
        return reply.redirect(new URL('/chat', options.publicUrl).href, 303);
      } catch (error) {
        return toLogin(reply, error);
      }
    },
  );
}
