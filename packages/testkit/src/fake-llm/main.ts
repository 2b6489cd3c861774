/**
 * Runs the fake LLM on its own (`pnpm --filter @vivier/testkit fake-llm`): the start command uses it
 * as the "Offline demo" provider when no real provider key is configured.
 */
import { startFakeLlm } from './server';

const port = Number.parseInt(process.env.FAKE_LLM_PORT ?? '4010', 10);
const host = process.env.FAKE_LLM_HOST ?? '127.0.0.1';
const tokenDelayMs = process.env.FAKE_LLM_TOKEN_DELAY_MS
  ? Number.parseInt(process.env.FAKE_LLM_TOKEN_DELAY_MS, 10)
  : undefined;

if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`FAKE_LLM_PORT must be a port number, got "${process.env.FAKE_LLM_PORT}"`);
  process.exit(1);
}

const fake = await startFakeLlm({ port, host, tokenDelayMs, maxLoggedRequests: 100 });
console.log(
  JSON.stringify({
    msg: 'fake LLM listening',
    url: fake.url,
    openaiBaseUrl: fake.openaiBaseUrl,
    port: fake.port,
  }),
);

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  void fake.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
