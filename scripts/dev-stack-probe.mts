import { startFakeLlm, startSmtpSink, freePort } from '@vivier/testkit';
import { ensureDatabase, migrateDatabase } from '@vivier/db';
import { startStack } from './lib/stack.ts';
const db = 'postgresql://postgres@127.0.0.1:5432/vivier_probe';
await ensureDatabase(db); await migrateDatabase(db);
const smtp = await startSmtpSink(); const fake = await startFakeLlm({ tokenDelayMs: 4 });
const stack = await startStack({ databaseUrl: db, redisUrl: 'redis://127.0.0.1:6379', redisPrefix: 'probe:', smtpUrl: smtp.url, withWeb: false, output: 'capture', nodeEnv: 'test',
  ports: { gateway: 3900, 'auth-service': 3901, 'chat-service': 3902, 'provider-worker': 3905 },
  env: { REGISTER_LIMIT_PER_HOUR: '1000', OPENAI_API_KEY: 'sk', OPENAI_BASE_URL: fake.openaiBaseUrl, ANTHROPIC_API_KEY: 'a', ANTHROPIC_BASE_URL: fake.url, GOOGLE_API_KEY: 'g', GOOGLE_BASE_URL: fake.url, OPENAI_COMPATIBLE_BASE_URL: fake.openaiBaseUrl, OPENAI_COMPATIBLE_MODELS: 'fake' } });
console.log('READY');
process.on('SIGTERM', async () => { const fs = await import('node:fs'); fs.writeFileSync('/tmp/probe-logs.txt', stack.services.map(s => s.output.join('\n')).join('\n')); await stack.stop(); process.exit(0); });
setInterval(() => {}, 1000);
