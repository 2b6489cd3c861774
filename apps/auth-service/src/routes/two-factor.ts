import type { FastifyRequest } from 'fastify';
import {
  AppError,
  LoginMfaRequest,
  SessionResponse,
  TotpDisableRequest,
  TotpEnableRequest,
  TotpEnableResponse,
  TotpSetupRequest,
  TotpSetupResponse,
  TwoFactorStatus,
} from '@vivier/contracts';
import { bearerToken, callerOf, type Service } from '@vivier/service-kit';
import type { TwoFactorService } from '../services/two-factor-service';
import { setRefreshCookie } from './refresh-cookie';

const clientOf = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] });

/**
 * Two-factor routes. setup and enable are public at the gateway: they take either an access
 * token or, when the admins' policy forces enrolment at login, that login's `mfaToken`.
 */
export async function twoFactorRoutes(
  app: Service,
  { twoFactor, cookieSecure }: { twoFactor: TwoFactorService; cookieSecure: boolean },
) {
  /** The signed-in user, when an access token is presented (checked here, not by the gateway). */
  const optionalCaller = async (request: FastifyRequest) => {
    const token = bearerToken(request.headers.authorization);
    return token ? app.tokenVerifier.verify(token) : undefined;
  };

  app.post(
    '/api/auth/login/mfa',
    { schema: { body: LoginMfaRequest, response: { 200: SessionResponse } } },
    async (request, reply) => {
      const session = await twoFactor.completeLogin(
        request.body.mfaToken,
        request.body.code,
        clientOf(request),
      );
      setRefreshCookie(reply, session.refreshToken, session.refreshExpiresAt, cookieSecure);
      return { user: session.user, accessToken: session.accessToken };
    },
  );

  app.get(
    '/api/auth/2fa',
    { preHandler: app.authenticate, schema: { response: { 200: TwoFactorStatus } } },
    async (request) => {
      const caller = callerOf(request);
      return twoFactor.status(caller.id, caller.role);
    },
  );

  app.post(
    '/api/auth/2fa/totp/setup',
    { schema: { body: TotpSetupRequest, response: { 200: TotpSetupResponse } } },
    async (request) => {
      const caller = await optionalCaller(request);
      if (caller) return twoFactor.setup(caller.id);
      if (request.body?.mfaToken) return twoFactor.setupWithToken(request.body.mfaToken);
      throw new AppError('UNAUTHENTICATED', 'Missing access token');
    },
  );

  app.post(
    '/api/auth/2fa/totp/enable',
    { schema: { body: TotpEnableRequest, response: { 200: TotpEnableResponse } } },
    async (request, reply) => {
      const caller = await optionalCaller(request);
      if (caller)
        return { recoveryCodes: await twoFactor.enable(caller.id, request.body.code, clientOf(request)) };
      if (!request.body.mfaToken) throw new AppError('UNAUTHENTICATED', 'Missing access token');
      const { recoveryCodes, session } = await twoFactor.enableWithToken(
        request.body.mfaToken,
        request.body.code,
        clientOf(request),
      );
      setRefreshCookie(reply, session.refreshToken, session.refreshExpiresAt, cookieSecure);
      return { recoveryCodes, user: session.user, accessToken: session.accessToken };
    },
  );

  app.post(
    '/api/auth/2fa/totp/disable',
    { preHandler: app.authenticate, schema: { body: TotpDisableRequest } },
    async (request, reply) => {
      await twoFactor.disable(callerOf(request).id, request.body, clientOf(request));
      return reply.status(204).send();
    },
  );
}
