import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createPrismaClient, dropDatabase, ensureDatabase, migrateDatabase, seedDatabase } from '@vivier/db';
import { freePort, startFakeLlm, startSmtpSink, startStripeStub, uniqueRedisPrefix } from '@vivier/testkit';
import { startTestIdp, type TestIdp } from '@vivier/testkit/oidc-idp';
import { startSearxStandIn, startTestMcpServer } from '@vivier/testkit/tool-servers';
import { startStack, type Stack } from '../../../../scripts/lib/stack';

/**
 * The whole stack for the browser tests, on a fresh database and a unique Redis prefix:
 * every service of scripts/lib/stack.ts (seeded with the demo plans), the web app, the fake LLM as the offline demo, a real
 * SMTP sink whose catch is served as JSON for the tests, and a real OIDC provider ("Test IdP"). Prints one ready line, stops on SIGTERM.
 */
const WEB_DIR = join(import.meta.dirname, '..', '..');

const server = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
const databaseUrl = new URL(server);
databaseUrl.pathname = `/vivier_e2e_web_${Date.now()}_${randomBytes(3).toString('hex')}`;

const smtp = await startSmtpSink();
const fake = await startFakeLlm({ tokenDelayMs: 10 });
// The Offline demo's MCP server (as `npm start` runs it) and a SearXNG stand-in for web search.
const demoMcp = await startTestMcpServer();
const searx = await startSearxStandIn({ hostName: 'localhost' });
// Billing talks to the testkit's Stripe stub, so Upgrade and Manage reach a (stub) hosted page.
const STRIPE_KEY = 'sk_test_e2e_web';
const stripe = await startStripeStub({ apiKey: STRIPE_KEY });
// The first ADMIN, seeded as ADMIN_EMAIL / ADMIN_PASSWORD seed one on a real start.
const admin = { email: 'admin@e2e-web.example.test', password: 'Correct-Horse-9-Battery' };
/** The stack's upload limit (files.spec.ts uploads a file just over it). */
const UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
let stack: Stack | undefined;
/** A real OpenID Connect provider (sso.spec.ts signs in through its login form). */
let idp: TestIdp | undefined;

async function shutdown(code: number) {
  if (stack) {
    const logDir = join(WEB_DIR, 'test-results', 'stack-logs');
    mkdirSync(logDir, { recursive: true });
    for (const service of stack.services)
      writeFileSync(join(logDir, `${service.name}.log`), service.output.join('\n'));
    await stack.stop();
  }
  await idp?.close();
  await fake.close();
  await demoMcp.close();
  await searx.close();
  await stripe.close();
  await smtp.close();
  await dropDatabase(databaseUrl.toString()).catch(() => {});
  process.exit(code);
}
process.once('SIGTERM', () => void shutdown(0));
process.once('SIGINT', () => void shutdown(0));

try {
  await ensureDatabase(databaseUrl.toString());
  await migrateDatabase(databaseUrl.toString());
  // The demo plans: billing answers quota checks from the default plan.
  const prisma = createPrismaClient(databaseUrl.toString());
  await seedDatabase(prisma, { adminEmail: admin.email, adminPassword: admin.password });
  await prisma.$disconnect();
  const ports = {
    gateway: await freePort(),
    'auth-service': await freePort(),
    'chat-service': await freePort(),
    'admin-service': await freePort(),
    'billing-service': await freePort(),
    'provider-worker': await freePort(),
    web: await freePort(),
  };
  const redisPrefix = uniqueRedisPrefix('e2e-web');
  idp = await startTestIdp({
    clients: [
      {
        clientId: 'vivier-e2e',
        clientSecret: 'vivier-e2e-idp-secret',
        redirectUris: [
          `http://localhost:${ports.gateway}/api/auth/oidc/testidp/callback`,
          // The provider admin-sign-in.spec.ts adds in the admin UI.
          `http://localhost:${ports.gateway}/api/auth/oidc/mapped-idp/callback`,
        ],
      },
    ],
    // A login `engineer-…` is in the IdP's "engineering" group (the groups claim mapping).
    claimsOf: (login) => (login.startsWith('engineer-') ? { groups: ['engineering'] } : undefined),
  });
  stack = await startStack({
    databaseUrl: databaseUrl.toString(),
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix,
    smtpUrl: smtp.url,
    ports,
    withWeb: true,
    output: 'capture',
    // Seven processes compile their TypeScript at once; on a shared 2-core machine that can take
    // over a minute. The global setup still gives up after 240 s in all.
    readyTimeoutMs: 150_000,
    env: {
      OFFLINE_DEMO_URL: fake.url,
      DEMO_MCP_URL: demoMcp.url,
      // tools.spec.ts sets the search URL to the stand-in on localhost; other private addresses stay refused.
      EGRESS_ALLOWED_HOSTS: 'localhost',
      STRIPE_SECRET_KEY: STRIPE_KEY,
      STRIPE_API_URL: stripe.url,
      PROVIDER_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      REGISTER_LIMIT_PER_HOUR: '1000',
      RATE_LIMIT_USER_PER_MIN: '10000',
      RATE_LIMIT_ANON_PER_MIN: '10000',
      // Small enough that files.spec.ts can show the server's 413 with a 6 MiB file.
      UPLOAD_LIMIT_BYTES: String(UPLOAD_LIMIT_BYTES),
      OIDC_PROVIDERS: JSON.stringify([
        {
          id: 'testidp',
          label: 'Test IdP',
          issuer: idp.issuer,
          clientId: 'vivier-e2e',
          clientSecret: 'vivier-e2e-idp-secret',
        },
      ]),
    },
  });
  const mailbox = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(smtp.emails));
  });
  const mailboxPort = await freePort();
  await new Promise<void>((resolve) => mailbox.listen(mailboxPort, '127.0.0.1', resolve));
  // What reached the fake LLM (the provider requests, bodies included), for tests of the mapping.
  const fakeRequests = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(fake.requests));
  });
  const fakeRequestsPort = await freePort();
  await new Promise<void>((resolve) => fakeRequests.listen(fakeRequestsPort, '127.0.0.1', resolve));
  // localhost, as in the email links (PUBLIC_URL), so the refresh cookie has one origin.
  const baseUrl = `http://localhost:${ports.gateway}`;
  console.log(
    `VIVIER_E2E_READY ${JSON.stringify({
      baseUrl,
      mailboxUrl: `http://127.0.0.1:${mailboxPort}`,
      fakeRequestsUrl: `http://127.0.0.1:${fakeRequestsPort}`,
      searchUrl: searx.url,
      // For specs that set up state a person could not (usage over the allowance) or sign in as the admin.
      databaseUrl: databaseUrl.toString(),
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      redisPrefix,
      adminEmail: admin.email,
      idpIssuer: idp.issuer,
      adminPassword: admin.password,
    })}`,
  );
} catch (error) {
  console.error(error);
  await shutdown(1);
}
