import * as client from 'openid-client';
import { AppError, newId } from '@vivier/contracts';
import type { AuthDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import type { Redis } from 'ioredis';
import { hashPassword } from '../lib/passwords';
import { newSecretToken } from '../lib/secret-tokens';
import type { Session } from './auth-service';
import type { OidcGroupSync } from './oidc-group-sync';
import type { OidcProviders, OidcProviderSettings } from './oidc-providers';
import { OidcSignInError } from './oidc-sign-in-error';
import type { SignupPolicyService } from './signup-policy';
import type { ClientInfo, TokenService } from './token-service';
import { toUserView } from './user-view';

const FLOW_TTL_SECONDS = 10 * 60;

interface Flow {
  providerId: string;
  codeVerifier: string;
  nonce: string;
}

/** Whether `claims[name]` is `value` or, for a list claim such as `groups`, contains it. */
function claimHolds(claims: Record<string, unknown>, name: string | null, value: string | null): boolean {
  if (!name || !value) return false;
  const claim = claims[name];
  return Array.isArray(claim) ? claim.includes(value) : claim === value;
}

/** Plain http is only for an IdP on this machine (development and tests); anything else is https. */
const isLoopbackHttp = (issuer: URL) =>
  issuer.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);

/**
 * OpenID Connect sign-in with openid-client: authorization code + PKCE; state, nonce and the
 * code verifier kept in Redis for ten minutes under the state, which a cookie also binds to the
 * browser that started; the ID token verified against the IdP's JWKS (openid-client checks the
 * signature, issuer, audience, expiry and nonce). The local second factor is not asked: the IdP
 * owns that.
 */
export function createOidcService(deps: {
  db: AuthDb;
  redis: Redis;
  redisPrefix: string;
  tokens: TokenService;
  providers: OidcProviders;
  /** Where the browser reaches auth-service through the gateway, e.g. PUBLIC_URL. */
  publicUrl: string;
  logger: Logger;
  /**
   * The sign-up policy (issue 16 part 3) a first sign-in passes like a registration without an
   * invite: refused where sign-up is closed to it, pending where admins approve new accounts,
   * ADMIN as the very first user.
   */
  signup: Pick<SignupPolicyService, 'admit'>;
  /** The provider's claim → group mapping, applied at every sign-in before the session starts. */
  groups: Pick<OidcGroupSync, 'syncGroups'>;
}) {
  const configurations = new Map<string, Promise<client.Configuration>>();
  const flowKey = (state: string) => `${deps.redisPrefix}oidc-flow:${state}`;
  const redirectUri = (providerId: string) =>
    new URL(`/api/auth/oidc/${encodeURIComponent(providerId)}/callback`, deps.publicUrl);

  /** Discovery once per provider version (settings changed → discovered again). */
  function configurationFor(provider: OidcProviderSettings): Promise<client.Configuration> {
    const key = `${provider.id}\n${provider.version}`;
    let configuration = configurations.get(key);
    if (!configuration) {
      const issuer = new URL(provider.issuer);
      configuration = client.discovery(
        issuer,
        provider.clientId,
        undefined,
        provider.clientSecret === undefined ? client.None() : client.ClientSecretBasic(provider.clientSecret),
        {
          // Verify every ID token's signature against the IdP's JWKS, not only trust TLS to the
          // token endpoint (openid-client's default).
          execute: [
            client.enableNonRepudiationChecks,
            ...(isLoopbackHttp(issuer) ? [client.allowInsecureRequests] : []),
          ],
        },
      );
      configurations.set(key, configuration);
      // A failed discovery (IdP down) is tried again on the next sign-in.
      configuration.catch(() => configurations.delete(key));
    }
    return configuration;
  }

  async function enabledProvider(id: string): Promise<OidcProviderSettings> {
    const provider = await deps.providers.find(id);
    if (!provider?.enabled) throw new OidcSignInError('unknown_provider');
    return provider;
  }

  /** The user for these verified claims: linked before, linked now, or created. */
  async function userFor(provider: OidcProviderSettings, claims: client.IDToken) {
    const linked = await deps.db.oidcIdentity.findUnique({
      where: { issuer_subject: { issuer: claims.iss, subject: claims.sub } },
      include: { user: true },
    });
    const makesAdmin = claimHolds(claims, provider.adminClaim, provider.adminValue);
    if (linked) {
      if (linked.user.disabledAt) throw new OidcSignInError('account_disabled');
      // The claim only ever promotes: an admin made in Vivier is not demoted by the IdP.
      if (makesAdmin && linked.user.role !== 'ADMIN') {
        return deps.db.user.update({ where: { id: linked.user.id }, data: { role: 'ADMIN' } });
      }
      return linked.user;
    }

    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email) throw new OidcSignInError('email_missing');
    const emailVerified = claims.email_verified === true;
    const existing = await deps.db.user.findUnique({ where: { email } });
    if (existing) {
      // Linking hands the account to whoever controls the IdP account: only when the admin
      // allowed it for this provider and the IdP vouches for the address.
      if (!provider.allowLinking || !emailVerified) throw new OidcSignInError('link_not_allowed');
      if (existing.disabledAt) throw new OidcSignInError('account_disabled');
      await deps.db.oidcIdentity.create({
        data: {
          id: newId('session'),
          userId: existing.id,
          providerId: provider.id,
          issuer: claims.iss,
          subject: claims.sub,
        },
      });
      deps.logger.info(
        { userId: existing.id, provider: provider.id },
        'OIDC identity linked to an existing account',
      );
      return existing;
    }

    const name = typeof claims.name === 'string' ? claims.name.slice(0, 100) : null;
    // No password: an unguessable one stands in until the user sets one (forgot password).
    const passwordHash = await hashPassword(newSecretToken());
    let user;
    try {
      user = await deps.db.$transaction(async (tx) => {
        // The registration's lock: the first-admin rule and the policy read stay consistent.
        await tx.$queryRaw`SELECT 1 AS "locked" FROM pg_advisory_xact_lock(hashtext('vivier:signup'))`;
        const admission = await deps.signup.admit(tx, email, undefined);
        return tx.user.create({
          data: {
            id: newId('user'),
            email,
            name,
            passwordHash,
            hasPassword: false,
            role: makesAdmin || admission.role === 'ADMIN' ? 'ADMIN' : 'USER',
            pendingApproval: admission.pendingApproval && !makesAdmin,
            emailVerifiedAt: emailVerified ? new Date() : null,
            oidcIdentities: {
              create: {
                id: newId('session'),
                providerId: provider.id,
                issuer: claims.iss,
                subject: claims.sub,
              },
            },
          },
        });
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'SIGNUP_CLOSED')
        throw new OidcSignInError('signup_closed');
      throw error;
    }
    deps.logger.info({ userId: user.id, provider: provider.id }, 'user created by OIDC sign-in');
    return user;
  }

  return {
    /** The IdP's authorization URL for a new sign-in, and the state to bind to the browser. */
    async start(providerId: string): Promise<{ url: string; state: string }> {
      const provider = await enabledProvider(providerId);
      let configuration: client.Configuration;
      try {
        configuration = await configurationFor(provider);
      } catch (error) {
        deps.logger.warn({ err: error, provider: provider.id }, 'OIDC discovery failed');
        throw new OidcSignInError('signin_failed', { cause: error });
      }
      const flow: Flow = {
        providerId: provider.id,
        codeVerifier: client.randomPKCECodeVerifier(),
        nonce: client.randomNonce(),
      };
      const state = client.randomState();
      await deps.redis.set(flowKey(state), JSON.stringify(flow), 'EX', FLOW_TTL_SECONDS);
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri(provider.id).href,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce: flow.nonce,
      });
      return { url: url.href, state };
    },

    /**
     * The IdP's redirect back. `search` is the callback's query string; `boundState` the state
     * cookie of this browser. Each state is used once, whatever the outcome.
     */
    async callback(
      providerId: string,
      search: string,
      boundState: string | undefined,
      clientInfo: ClientInfo,
    ): Promise<Session> {
      const params = new URLSearchParams(search);
      const state = params.get('state');
      if (!state || state !== boundState) throw new OidcSignInError('state_mismatch');
      const stored = await deps.redis.getdel(flowKey(state));
      const flow = stored ? (JSON.parse(stored) as Flow) : null;
      if (!flow || flow.providerId !== providerId) throw new OidcSignInError('state_mismatch');
      const provider = await enabledProvider(providerId);

      let claims: client.IDToken | undefined;
      try {
        const configuration = await configurationFor(provider);
        const currentUrl = redirectUri(provider.id);
        currentUrl.search = params.toString();
        const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
          pkceCodeVerifier: flow.codeVerifier,
          expectedNonce: flow.nonce,
          expectedState: state,
          idTokenExpected: true,
        });
        claims = tokens.claims();
      } catch (error) {
        deps.logger.warn({ err: error, provider: provider.id }, 'OIDC callback refused');
        throw new OidcSignInError('signin_failed', { cause: error });
      }
      if (!claims) throw new OidcSignInError('signin_failed');

      const user = await userFor(provider, claims);
      await deps.groups.syncGroups(user.id, provider, claims);
      const session = await deps.tokens.startSession(user, clientInfo);
      return { ...session, user: toUserView(user) };
    },
  };
}

export type OidcService = ReturnType<typeof createOidcService>;
