import type { FastifyReply } from 'fastify';

export const REFRESH_COOKIE = 'vivier_refresh';
const REFRESH_COOKIE_PATH = '/api/auth';

/** The refresh cookie every way of signing in sets (password, second factor, OIDC). */
export function setRefreshCookie(reply: FastifyReply, token: string, expires: Date, secure: boolean) {
  return reply.setCookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: REFRESH_COOKIE_PATH,
    expires,
  });
}

export function clearRefreshCookie(reply: FastifyReply, secure: boolean) {
  return reply.clearCookie(REFRESH_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: REFRESH_COOKIE_PATH,
  });
}
