import { ensureDatabase, migrateDatabase, createPrismaClient, seedDatabase, dropDatabase } from '@vivier/db';
import { startStripeStub } from '@vivier/testkit';
import { spawn } from 'node:child_process';
const url = `postgresql://postgres@127.0.0.1:5432/vivier_billing_smoke_${Date.now()}`;
await ensureDatabase(url);
await migrateDatabase(url);
const prisma = createPrismaClient(url);
await seedDatabase(prisma);
const stub = await startStripeStub();
const child = spawn('node_modules/.bin/tsx', ['src/server.ts'], {
  env: { ...process.env, DATABASE_URL: url, REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: 'smoke:billing:', INTERNAL_SERVICE_TOKEN: 'smoke-internal-token-123', AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks', PORT: '4994', HOST: '127.0.0.1', STRIPE_SECRET_KEY: 'sk_test_smoke', STRIPE_WEBHOOK_SECRET: 'whsec_smoke', STRIPE_API_URL: stub.url, LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
await new Promise((r) => setTimeout(r, 6000));
for (const path of ['/health', '/ready', '/api/billing/plans', '/api/billing/subscription', '/internal/quota/usr_x']) {
  const res = await fetch(`http://127.0.0.1:4994${path}`);
  console.log(path, res.status, (await res.text()).slice(0, 160));
}
const q = await fetch('http://127.0.0.1:4994/internal/quota/usr_x', { headers: { 'x-internal-token': 'smoke-internal-token-123' } });
console.log('quota with token', q.status, await q.text());
const t0 = Date.now();
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', (code) => { console.log('exit', code, Date.now() - t0, 'ms'); r(null); }));
await stub.close();
await prisma.$disconnect();
await dropDatabase(url);
