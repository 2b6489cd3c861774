/**
 * `npm start`: build, migrate, seed and run the whole stack on http://localhost:3000.
 * Infrastructure comes from env or the machine (see lib/infrastructure.ts).
 */
import { spawnSync } from 'node:child_process';
import { ensureDatabase, migrateDatabase, createPrismaClient, seedDatabase } from '@vivier/db';
import { startFakeLlm, startSmtpSink } from '@vivier/testkit';
import { resolveInfrastructure, withDatabase } from './lib/infrastructure';
import { ROOT, startStack } from './lib/stack';

const log = (message: string) => console.log(`[vivier] ${message}`);
const pnpm = process.env.VIVIER_PNPM ?? 'pnpm';

const infrastructure = await resolveInfrastructure();
const databaseUrl = process.env.DATABASE_URL ?? withDatabase(infrastructure.postgresServerUrl, 'vivier');

log('building');
const build = spawnSync(pnpm, ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

log('migrating the database');
await ensureDatabase(databaseUrl);
await migrateDatabase(databaseUrl);
const prisma = createPrismaClient(databaseUrl);
await seedDatabase(prisma, {
  adminEmail: process.env.ADMIN_EMAIL,
  adminPassword: process.env.ADMIN_PASSWORD,
});
await prisma.$disconnect();

let smtpUrl = process.env.SMTP_URL;
let stopMail: (() => Promise<void>) | undefined;
if (!smtpUrl) {
  // No mail server configured: catch mail locally and print it, so verification and reset links
  // are one copy-paste away.
  const sink = await startSmtpSink({ port: Number(process.env.MAIL_CATCHER_PORT ?? 1025) });
  smtpUrl = sink.url;
  stopMail = () => sink.close();
  const seen = new Set<unknown>();
  setInterval(() => {
    for (const email of sink.emails) {
      if (seen.has(email)) continue;
      seen.add(email);
      log(`mail to ${email.to.join(', ')}: "${email.subject}"\n${email.text}`);
    }
  }, 500).unref();
  log(`SMTP_URL not set: emails are caught on ${sink.url} and printed here`);
}

const providerKeys = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GOOGLE_API_KEY', 'OPENAI_COMPATIBLE_BASE_URL'];
let stopFakeLlm: (() => Promise<void>) | undefined;
const extraEnv: Record<string, string> = {};
if (!providerKeys.some((key) => process.env[key])) {
  // Nothing to talk to: serve the testkit's fake LLM as the "Offline demo" model so a chat works
  // end to end without any key or network.
  const fake = await startFakeLlm({ port: Number(process.env.FAKE_LLM_PORT ?? 4010), host: '127.0.0.1' });
  stopFakeLlm = () => fake.close();
  extraEnv.OFFLINE_DEMO_URL = fake.url;
  log(
    `no provider key set (${providerKeys.join(', ')}): offering the "Offline demo" model served by a local fake LLM on ${fake.url}`,
  );
}

// Every service inherits this process's env, so RATE_LIMIT_*, REQUIRE_EMAIL_VERIFICATION and the
// like set by the user reach the service that reads them.
const stack = await startStack({
  databaseUrl,
  redisUrl: infrastructure.redisUrl,
  smtpUrl,
  env: { GATEWAY_HOST: process.env.HOST ?? '0.0.0.0', ...extraEnv },
});
log('Vivier is running on http://localhost:3000 (Ctrl+C stops it)');

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  log('stopping');
  await stack.stop();
  await stopMail?.();
  await stopFakeLlm?.();
  await infrastructure.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
for (const service of stack.services) {
  service.child.once('exit', (code) => {
    if (stopping) return;
    log(`${service.name} exited (${code}); stopping the stack`);
    void shutdown();
  });
}
