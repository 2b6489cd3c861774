import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AcceptedResponse,
  AppError,
  ForgotPasswordRequest,
  LoginRequest,
  MeResponse,
  MfaChallengeResponse,
  RefreshRequest,
  RefreshResponse,
  RegisterRequest,
  ResendVerificationRequest,
  ResetPasswordRequest,
  SessionResponse,
  VerifyEmailRequest,
} from '@vivier/contracts';
import { bearerToken, type Service } from '@vivier/service-kit';
import type { AuthService } from '../services/auth-service';
import type { ClientInfo } from '../services/token-service';
import {
  REFRESH_COOKIE,
  clearRefreshCookie as clearCookie,
  setRefreshCookie as setCookie,
} from './refresh-cookie';

export { REFRESH_COOKIE } from './refresh-cookie';

export interface AuthRoutesOptions {
  auth: AuthService;
  cookieSecure: boolean;
}

const clientOf = (request: FastifyRequest): ClientInfo & { ip: string } => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'],
});

export async function authRoutes(app: Service, { auth, cookieSecure }: AuthRoutesOptions) {
  const setRefreshCookie = (reply: FastifyReply, token: string, expires: Date) =>
    setCookie(reply, token, expires, cookieSecure);
  const clearRefreshCookie = (reply: FastifyReply) => clearCookie(reply, cookieSecure);

  /** Browsers send the cookie; API clients may send `{ refreshToken }` instead. */
  const presentedRefreshToken = (
    request: FastifyRequest,
    body: { refreshToken?: string } | null | undefined,
  ) => request.cookies[REFRESH_COOKIE] ?? body?.refreshToken;

  app.post(
    '/api/auth/register',
    { schema: { body: RegisterRequest, response: { 201: SessionResponse } } },
    async (request, reply) => {
      const session = await auth.register(request.body, clientOf(request));
      setRefreshCookie(reply, session.refreshToken, session.refreshExpiresAt);
      return reply.status(201).send({ user: session.user, accessToken: session.accessToken });
    },
  );

  app.post(
    '/api/auth/login',
    { schema: { body: LoginRequest, response: { 200: z.union([SessionResponse, MfaChallengeResponse]) } } },
    async (request, reply) => {
      const session = await auth.login(request.body, clientOf(request));
      // A second factor is due: no session yet, only the token to answer it with.
      if ('mfaToken' in session) return session;
      setRefreshCookie(reply, session.refreshToken, session.refreshExpiresAt);
      return { user: session.user, accessToken: session.accessToken };
    },
  );

  app.post(
    '/api/auth/refresh',
    { schema: { body: RefreshRequest, response: { 200: RefreshResponse } } },
    async (request, reply) => {
      const presented = presentedRefreshToken(request, request.body);
      if (!presented) throw new AppError('UNAUTHENTICATED', 'No session to refresh');
      try {
        const tokens = await auth.refresh(presented, clientOf(request));
        setRefreshCookie(reply, tokens.refreshToken, tokens.refreshExpiresAt);
        // A body-token client has no cookie jar: give it the successor in the body.
        return request.cookies[REFRESH_COOKIE]
          ? { accessToken: tokens.accessToken }
          : { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
      } catch (error) {
        clearRefreshCookie(reply);
        throw error;
      }
    },
  );

  app.post('/api/auth/logout', { schema: { body: RefreshRequest } }, async (request, reply) => {
    const presented = presentedRefreshToken(request, request.body);
    if (presented) await auth.logout(presented);
    clearRefreshCookie(reply);
    return reply.status(204).send();
  });

  app.post(
    '/api/auth/verify-email',
    { schema: { body: VerifyEmailRequest, response: { 200: MeResponse } } },
    async (request) => ({
      user: await auth.verifyEmail(request.body.token),
    }),
  );

  app.post(
    '/api/auth/resend-verification',
    { schema: { body: ResendVerificationRequest, response: { 202: AcceptedResponse } } },
    async (request, reply) => {
      const token = bearerToken(request.headers.authorization);
      const caller = token ? await app.tokenVerifier.verify(token) : undefined;
      await auth.resendVerification({ userId: caller?.id, email: request.body?.email });
      return reply.status(202).send({ ok: true });
    },
  );

  app.post(
    '/api/auth/forgot-password',
    { schema: { body: ForgotPasswordRequest, response: { 202: AcceptedResponse } } },
    async (request, reply) => {
      await auth.forgotPassword(request.body.email);
      return reply.status(202).send({ ok: true });
    },
  );

  app.post(
    '/api/auth/reset-password',
    { schema: { body: ResetPasswordRequest, response: { 200: AcceptedResponse } } },
    async (request, reply) => {
      await auth.resetPassword(request.body.token, request.body.password);
      clearRefreshCookie(reply);
      return { ok: true as const };
    },
  );
}
