import {
  AcceptedResponse,
  AppError,
  InternalUserCreate,
  IdParams,
  InternalUserListQuery,
  InternalUserPatch,
  newId,
  UserAdminChange,
  UserAdminList,
  UserAdminView,
  type Role,
} from '@vivier/contracts';
import { decodeKeysetCursor, encodeKeysetCursor } from '@vivier/service-kit';
import { uniqueEmail } from '@vivier/testkit';
import { startInternalStandIn } from '../internal-stand-in';
import { addIdentityStandInRoutes } from './identity-routes';
import { addSignupStandInRoutes } from './signup-routes';

/**
 * auth-service's internal API as another service's tests see it, over real HTTP: users
 * (apps/auth-service/src/routes/internal-users.ts: the service token or 404, newest first with `q`
 * on email or name, opaque keyset cursors, 404 for an unknown user, `{ before, after }` on PATCH),
 * the sign-up policy and invites, two-factor policy and resets, and OIDC providers, kept in memory.
 * auth-service's contract test runs the same assertions against this and its real routes
 * (apps/auth-service/src/routes/internal-api.contract.int.test.ts), so the two cannot drift apart.
 * It records every request it receives.
 */
export async function startAuthStandIn(internalToken: string) {
  const users = new Map<string, UserAdminView>();
  const revokedSessionsOf: string[] = [];
  const passwordResetsSentTo: string[] = [];
  let identity: ReturnType<typeof addIdentityStandInRoutes> | undefined;
  let signup: ReturnType<typeof addSignupStandInRoutes> | undefined;
  const server = await startInternalStandIn('auth-service', internalToken, (app) => {
    signup = addSignupStandInRoutes(app);
    identity = addIdentityStandInRoutes(app, (id) => users.has(id));
    app.get(
      '/internal/users',
      { schema: { querystring: InternalUserListQuery, response: { 200: UserAdminList } } },
      (request) => {
        const { q, cursor, limit } = request.query;
        const after = cursor ? decodeKeysetCursor(cursor) : undefined;
        const needle = q?.toLowerCase();
        const sorted = [...users.values()]
          .filter(
            (user) =>
              !needle ||
              user.email.toLowerCase().includes(needle) ||
              (user.name ?? '').toLowerCase().includes(needle),
          )
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
          .filter(
            (user) =>
              !after ||
              user.createdAt < after.createdAt.toISOString() ||
              (user.createdAt === after.createdAt.toISOString() && user.id < after.id),
          );
        const page = sorted.slice(0, limit);
        const last = page.at(-1);
        return {
          items: page,
          nextCursor:
            sorted.length > limit && last ? encodeKeysetCursor(new Date(last.createdAt), last.id) : null,
        };
      },
    );

    app.get(
      '/internal/users/:id',
      { schema: { params: IdParams, response: { 200: UserAdminView } } },
      (request) => {
        const user = users.get(request.params.id);
        if (!user) throw new AppError('NOT_FOUND', 'User not found');
        return user;
      },
    );

    app.post(
      '/internal/users',
      { schema: { body: InternalUserCreate, response: { 201: UserAdminView } } },
      async (request, reply) => {
        const email = request.body.email.toLowerCase();
        if ([...users.values()].some((user) => user.email === email)) {
          throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
        }
        const user: UserAdminView = {
          id: newId('user'),
          email,
          name: request.body.name ?? null,
          role: request.body.role,
          emailVerified: false,
          createdAt: new Date().toISOString(),
          disabled: false,
        };
        users.set(user.id, user);
        return reply.status(201).send(user);
      },
    );

    app.delete('/internal/users/:id', { schema: { params: IdParams } }, async (request, reply) => {
      const user = users.get(request.params.id);
      if (!user) throw new AppError('NOT_FOUND', 'User not found');
      const admins = [...users.values()].filter((other) => other.role === 'ADMIN' && !other.disabled);
      if (user.role === 'ADMIN' && admins.length === 1) {
        throw new AppError('CONFLICT', 'This is the only admin account; make someone else an admin first');
      }
      users.delete(user.id);
      return reply.status(204).send();
    });

    app.post(
      '/internal/users/:id/password-reset',
      { schema: { params: IdParams, response: { 202: AcceptedResponse } } },
      async (request, reply) => {
        if (!users.has(request.params.id)) throw new AppError('NOT_FOUND', 'User not found');
        passwordResetsSentTo.push(request.params.id);
        return reply.status(202).send({ ok: true as const });
      },
    );

    app.patch(
      '/internal/users/:id',
      { schema: { params: IdParams, body: InternalUserPatch, response: { 200: UserAdminChange } } },
      (request) => {
        const before = users.get(request.params.id);
        if (!before) throw new AppError('NOT_FOUND', 'User not found');
        const after: UserAdminView = {
          ...before,
          ...(request.body.role ? { role: request.body.role } : {}),
          ...(request.body.disabled === undefined ? {} : { disabled: request.body.disabled }),
        };
        if (request.body.approved) delete after.pendingApproval;
        users.set(after.id, after);
        if (request.body.disabled) revokedSessionsOf.push(after.id);
        return { before, after };
      },
    );
  });
  let clock = Date.parse('2026-01-01T00:00:00Z');

  return {
    ...server,
    users,
    signup: signup!,
    revokedSessionsOf,
    passwordResetsSentTo,
    identity: identity!,
    /** Adds a user; each one a second newer than the last unless `createdAt` is given. */
    addUser(
      fields: {
        email?: string;
        name?: string | null;
        role?: Role;
        disabled?: boolean;
        pendingApproval?: boolean;
        createdAt?: string;
      } = {},
    ): UserAdminView {
      clock += 1000;
      const user: UserAdminView = {
        id: newId('user'),
        email: fields.email ?? uniqueEmail('user'),
        name: fields.name === undefined ? 'Test User' : fields.name,
        role: fields.role ?? 'USER',
        emailVerified: true,
        createdAt: fields.createdAt ?? new Date(clock).toISOString(),
        disabled: fields.disabled ?? false,
        ...(fields.pendingApproval ? { pendingApproval: true } : {}),
      };
      users.set(user.id, user);
      return user;
    },
  };
}

export type AuthStandIn = Awaited<ReturnType<typeof startAuthStandIn>>;
