/**
 * `npm start`: build, migrate, seed and run the whole stack on http://localhost:3000.
 * Infrastructure comes from env or the machine (see lib/infrastructure.ts). Nothing built by the
 * build step (the Prisma client above all) is imported before that step has run: those modules
 * are loaded with `import()` after it.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { resolveInfrastructure, withDatabase, type Infrastructure } from './lib/infrastructure';
import { exitWith, StartError } from './lib/plain-error';
import { defaultPorts, parseReplicas, ROOT, startStack, type Stack } from './lib/stack';

const log = (message: string) => console.log(`[vivier] ${message}`);
const cleanups: Array<() => Promise<void>> = [];

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function checkPorts(): Promise<{ fakeLlmPort: number; demoMcpPort: number; mailPort: number }> {
  const fakeLlmPort = Number(process.env.FAKE_LLM_PORT ?? 4010);
  const demoMcpPort = Number(process.env.DEMO_MCP_PORT ?? 4011);
  const mailPort = Number(process.env.MAIL_CATCHER_PORT ?? 1025);
  const wanted = [...Object.values(defaultPorts), fakeLlmPort, demoMcpPort, mailPort];
  for (const port of wanted) {
    if (!(await portIsFree(port))) {
      throw new StartError(
        `port ${port} is already in use (is Vivier already running?): stop the program that listens on it, then run \`npm start\` again.`,
      );
    }
  }
  return { fakeLlmPort, demoMcpPort, mailPort };
}

function build(): void {
  log('building');
  const result = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.error) {
    throw new StartError(
      `could not run pnpm (${result.error.message}): start Vivier with \`npm start\`, which installs the pinned pnpm.`,
    );
  }
  if (result.status !== 0) {
    throw new StartError(
      'the build failed (its errors are above): if you changed the code, fix them; on a fresh clone, delete node_modules and run `npm start` again.',
    );
  }
}

async function prepareDatabase(databaseUrl: string): Promise<void> {
  log('migrating the database');
  const { ensureDatabase, migrateDatabase, createPrismaClient, seedDatabase } = await import('@vivier/db');
  const shown = new URL(databaseUrl);
  shown.password = shown.password ? '***' : '';
  try {
    await ensureDatabase(databaseUrl);
    await migrateDatabase(databaseUrl);
    const prisma = createPrismaClient(databaseUrl);
    try {
      await seedDatabase(prisma, {
        adminEmail: process.env.ADMIN_EMAIL,
        adminPassword: process.env.ADMIN_PASSWORD,
      });
    } finally {
      await prisma.$disconnect();
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new StartError(
      `could not prepare the database ${shown.toString()} (${reason}): check that the server accepts this user and that DATABASE_URL is right, then run \`npm start\` again.`,
    );
  }
}

async function startMail(port: number): Promise<string> {
  const smtpUrl = process.env.SMTP_URL;
  if (smtpUrl) return smtpUrl;
  // No mail server configured: catch mail locally and print it, so verification and reset links
  // are one copy-paste away.
  const { startSmtpSink } = await import('@vivier/testkit');
  const sink = await startSmtpSink({ port });
  cleanups.push(() => sink.close());
  const seen = new Set<unknown>();
  setInterval(() => {
    for (const email of sink.emails) {
      if (seen.has(email)) continue;
      seen.add(email);
      log(`mail to ${email.to.join(', ')}: "${email.subject}"\n${email.text}`);
    }
  }, 500).unref();
  log(`SMTP_URL not set: emails are caught on ${sink.url} and printed here`);
  return sink.url;
}

const providerKeys = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GOOGLE_API_KEY', 'OPENAI_COMPATIBLE_BASE_URL'];

async function startOfflineDemo(port: number, mcpPort: number): Promise<Record<string, string>> {
  if (providerKeys.some((key) => process.env[key])) return {};
  // Nothing to talk to: serve the testkit's fake LLM as the "Offline demo" model so a chat works
  // end to end without any key or network.
  const { startFakeLlm } = await import('@vivier/testkit');
  const fake = await startFakeLlm({ port, host: '127.0.0.1' });
  cleanups.push(() => fake.close());
  log(
    `no provider key set (${providerKeys.join(', ')}): offering the "Offline demo" model served by a local fake LLM on ${fake.url}`,
  );
  // And a demo MCP server (the testkit's: weather, add, …) offered as "Demo tools (Offline demo)",
  // so tool calling can be tried too: turn it on in a chat's settings.
  const { startTestMcpServer } = await import('@vivier/testkit/tool-servers');
  const mcp = await startTestMcpServer({ port: mcpPort });
  cleanups.push(() => mcp.close());
  log(`offering "Demo tools (Offline demo)" served by a local MCP server on ${mcp.url}`);
  return { OFFLINE_DEMO_URL: fake.url, DEMO_MCP_URL: mcp.url };
}

async function launch(infrastructure: Infrastructure): Promise<Stack> {
  const replicas = requestedReplicas();
  const { fakeLlmPort, demoMcpPort, mailPort } = await checkPorts();
  const databaseUrl = process.env.DATABASE_URL ?? withDatabase(infrastructure.postgresServerUrl, 'vivier');
  build();
  await prepareDatabase(databaseUrl);
  const smtpUrl = await startMail(mailPort);
  const extraEnv = await startOfflineDemo(fakeLlmPort, demoMcpPort);
  // Every service inherits this process's env, so RATE_LIMIT_*, REQUIRE_EMAIL_VERIFICATION and the
  // like set by the user reach the service that reads them.
  try {
    return await startStack({
      databaseUrl,
      redisUrl: infrastructure.redisUrl,
      smtpUrl,
      readyTimeoutMs: 180_000,
      replicas,
      env: { GATEWAY_HOST: process.env.HOST ?? '0.0.0.0', ...extraEnv },
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const [headline, ...lines] = reason.split('\n');
    throw new StartError(
      `${headline!.replace(/:$/, '')}, so Vivier did not start: its output, if any, is above; fix what it names (a variable, a port, the database) and run \`npm start\` again.`,
      lines.join('\n') || undefined,
    );
  }
}

/** `--replicas chat=2,worker=2` (or `--replicas=…`), else VIVIER_REPLICAS. */
function requestedReplicas() {
  const args = process.argv.slice(2);
  const index = args.findIndex((arg) => arg === '--replicas' || arg.startsWith('--replicas='));
  const value =
    index < 0
      ? process.env.VIVIER_REPLICAS
      : args[index]!.includes('=') && args[index]!.startsWith('--replicas=')
        ? args[index]!.slice('--replicas='.length)
        : args[index + 1];
  if (!value) return undefined;
  try {
    const replicas = parseReplicas(value);
    log(
      `replicas: ${Object.entries(replicas)
        .map(([name, count]) => `${name}×${count}`)
        .join(', ')}`,
    );
    return replicas;
  } catch (error) {
    throw new StartError(`${(error as Error).message}, e.g. \`npm start -- --replicas chat=2,worker=2\`.`);
  }
}

let stopping = false;
async function shutdown(code: number): Promise<never> {
  stopping = true;
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  process.exit(code);
}

let stack: Stack | undefined;
process.on('SIGINT', () => {
  if (stopping) return;
  log('stopping');
  void shutdown(0);
});
process.on('SIGTERM', () => {
  if (stopping) return;
  log('stopping');
  void shutdown(0);
});

try {
  const infrastructure = await resolveInfrastructure();
  cleanups.push(() => infrastructure.stop());
  stack = await launch(infrastructure);
  cleanups.push(() => stack!.stop());
} catch (error) {
  if (stopping) await new Promise(() => {}); // Ctrl+C during start-up: shutdown() exits.
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  exitWith(error);
}
log('Vivier is running on http://localhost:3000 (Ctrl+C stops it)');

for (const service of stack.services) {
  service.child.once('exit', (code) => {
    if (stopping) return;
    console.error(
      `[vivier] ${service.name} exited (${code}), so the stack is stopping: its last lines are above; fix what they name and run \`npm start\` again.`,
    );
    void shutdown(1);
  });
}
