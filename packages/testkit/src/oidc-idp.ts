import type { Server } from 'node:http';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { freePort } from './free-port';

export interface TestIdpClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface TestIdpOptions {
  /** A fixed port (the Playwright stack); otherwise a free one. */
  port?: number;
  clients: TestIdpClient[];
  /** Extra claims per login (e.g. `{ 'boss@example.com': { groups: ['admins'] } }`). */
  claims?: Record<string, Record<string, unknown>>;
  /** Extra claims decided by the login itself (a browser test cannot reach `claims`). */
  claimsOf?: (login: string) => Record<string, unknown> | undefined;
}

/**
 * Claims for whoever types `login` on the IdP's form: the login is the subject (the same login is
 * the same IdP account); an email-like login is also the email, verified unless it starts with
 * `unverified`.
 */
function defaultClaims(login: string): Record<string, unknown> {
  return {
    sub: login,
    ...(login.includes('@') ? { email: login, email_verified: !login.startsWith('unverified') } : {}),
    name: `IdP ${login.split('@')[0]}`,
  };
}

/**
 * A real OpenID Connect provider (`oidc-provider`) on 127.0.0.1 for tests: discovery, JWKS,
 * authorization code + PKCE, and its development login form (any login, any password). Consent
 * is granted automatically for the registered clients, so a sign-in is one form.
 * `tamperNextIdToken()` makes the next token response carry an ID token whose payload was
 * altered after signing, to prove the relying party checks the signature.
 */
export async function startTestIdp(options: TestIdpOptions) {
  const port = options.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  let tamper = false;

  const provider = new Provider(issuer, {
    clients: options.clients.map((entry) => ({
      client_id: entry.clientId,
      client_secret: entry.clientSecret,
      redirect_uris: entry.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups', 'roles'] },
    // The relying party reads email and groups from the ID token itself.
    conformIdTokenClaims: false,
    cookies: { keys: ['vivier-test-idp-cookie-key'] },
    // Explicit lifetimes (seconds): oidc-provider prints a notice for each default it uses.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx: KoaContextWithOIDC, id: string) => ({
      accountId: id,
      claims: () => ({ ...defaultClaims(id), ...options.claimsOf?.(id), ...options.claims?.[id], sub: id }),
    }),
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  // oidc-provider logs a warning per devInteractions use; the tests do not need it.
  provider.on('server_error', () => undefined);

  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (tamper && ctx.path === '/token' && typeof body?.id_token === 'string') {
      tamper = false;
      const [header, payload, signature] = body.id_token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
      claims.email = 'someone-else@example.com';
      const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');
      ctx.body = { ...body, id_token: `${header}.${forged}.${signature}` };
    }
  });

  const server: Server = await new Promise((resolve, reject) => {
    const listening = provider.listen(port, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });

  return {
    issuer,
    tamperNextIdToken() {
      tamper = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type TestIdp = Awaited<ReturnType<typeof startTestIdp>>;
