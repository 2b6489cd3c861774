import type { FastifyRequest } from 'fastify';
import {
  AccountResponse,
  AccountSessionList,
  ChangePasswordRequest,
  DeleteAccountRequest,
  IdParams,
  UpdateMeRequest,
} from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { AccountCaller, AccountService } from '../services/account-service';
import { clearRefreshCookie } from './refresh-cookie';

export interface AccountRoutesOptions {
  account: AccountService;
  cookieSecure: boolean;
}

const accountCaller = (request: FastifyRequest): AccountCaller => {
  const caller = callerOf(request);
  return { id: caller.id, sessionId: caller.sessionId, ip: request.ip };
};

/**
 * The signed-in user's own account: who they are (`me`, with an email change waiting for its
 * link), profile, password, devices, deletion.
 */
export async function accountRoutes(app: Service, { account, cookieSecure }: AccountRoutesOptions) {
  const auth = { preHandler: app.authenticate };

  // An account awaiting approval may read itself (the web shows the "waiting" page from it).
  app.get(
    '/api/auth/me',
    { ...auth, config: { allowPending: true }, schema: { response: { 200: AccountResponse } } },
    (request) => account.account(callerOf(request).id),
  );

  app.patch(
    '/api/auth/me',
    { ...auth, schema: { body: UpdateMeRequest, response: { 200: AccountResponse } } },
    (request) => account.updateMe(callerOf(request).id, request.body),
  );

  app.post(
    '/api/auth/change-password',
    { ...auth, schema: { body: ChangePasswordRequest } },
    async (request, reply) => {
      await account.changePassword(accountCaller(request), request.body);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/sessions',
    { ...auth, schema: { response: { 200: AccountSessionList } } },
    async (request) => ({ items: await account.listSessions(accountCaller(request)) }),
  );

  app.delete('/api/auth/sessions/:id', { ...auth, schema: { params: IdParams } }, async (request, reply) => {
    await account.revokeSession(accountCaller(request), request.params.id);
    return reply.status(204).send();
  });

  app.delete('/api/auth/me', { ...auth, schema: { body: DeleteAccountRequest } }, async (request, reply) => {
    await account.deleteAccount(accountCaller(request), request.body);
    clearRefreshCookie(reply, cookieSecure);
    return reply.status(204).send();
  });
}
