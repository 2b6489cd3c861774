import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  freePort,
  startFakeLlm,
  startSmtpSink,
  uniqueEmail,
  uniqueRedisPrefix,
  type FakeLlm,
  type SmtpSink,
} from '@vivier/testkit';
import type { Stack } from '../scripts/lib/stack';
import { createClient } from './chat-client';
import { GENEROUS_LIMITS, startTestStack } from './test-stack';
import { SpanKinds, startOtlpCollector, type CollectedSpan } from './otlp-collector';

/**
 * Traces, logs and metrics over the compiled services as they run in production.
 *
 * One trace across every hop: the browser's request enters the gateway, is proxied to
 * chat-service, published on the bus (Redis), consumed by provider-worker and sent to the LLM.
 * Each hop must be the child of the one before; a hop that drops the context starts a new trace
 * and fails the chain here.
 */
let stack: Stack;
let smtp: SmtpSink;
let fake: FakeLlm;
let collector: Awaited<ReturnType<typeof startOtlpCollector>>;
let gatewayMetricsPort: number;
const redisPrefix = uniqueRedisPrefix('e2e-trace');

beforeAll(async () => {
  smtp = await startSmtpSink();
  fake = await startFakeLlm({ tokenDelayMs: 2 });
  collector = await startOtlpCollector();
  gatewayMetricsPort = await freePort();
  stack = await startTestStack({
    label: 'e2e-trace',
    redisPrefix,
    smtpUrl: smtp.url,
    env: {
      ...GENEROUS_LIMITS,
      OPENAI_COMPATIBLE_BASE_URL: fake.openaiBaseUrl,
      OPENAI_COMPATIBLE_MODELS: 'fake',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      // Spans leave in batches; a short delay keeps the test from waiting on the 5 s default.
      OTEL_BSP_SCHEDULE_DELAY: '100',
      METRICS_PORT: String(gatewayMetricsPort),
    },
  });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await fake?.close();
  await smtp?.close();
  await collector?.close();
});

function parentOf(span: CollectedSpan, spans: CollectedSpan[]): CollectedSpan | undefined {
  return spans.find((candidate) => candidate.spanId === span.parentSpanId);
}
function hasAncestor(span: CollectedSpan, ancestor: CollectedSpan, spans: CollectedSpan[]): boolean {
  for (let current = parentOf(span, spans); current; current = parentOf(current, spans)) {
    if (current.spanId === ancestor.spanId) return true;
  }
  return false;
}
const mentions = (span: CollectedSpan, text: string) =>
  Object.values(span.attributes).some((value) => typeof value === 'string' && value.includes(text));
const logLines = (output: string[]) =>
  output.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });

describe('tracing', () => {
  it('spans gateway → chat-service → Redis → provider-worker → the LLM (→ billing) in one trace, and logs carry it', async () => {
    const client = createClient(stack.gateway.url);
    const registered = await client.call('POST', '/api/auth/register', {
      body: { email: uniqueEmail('trace-e2e'), password: 'Correct-Horse-9-Battery' },
    });
    const token = registered.json.accessToken as string;
    const chat = await client.call('POST', '/api/chats', {
      token,
      body: { provider: 'openai-compatible', model: 'fake' },
    });
    const chatId = chat.json.id as string;
    const prompt = 'Which lighthouse is the oldest? [[words:5]]';
    const sent = await client.call('POST', `/api/chats/${chatId}/messages`, {
      token,
      body: { content: prompt },
    });
    expect(sent.status, sent.text).toBe(202);
    const generationId = sent.json.generationId as string;
    expect((await client.watch(generationId, token)).at(-1)?.type).toBe('done');

    const path = `/api/chats/${chatId}/messages`;
    const spans = collector.spans;
    const find = (description: string, predicate: (span: CollectedSpan) => boolean) =>
      eventually(async () => spans.find(predicate), 15_000).catch(() => {
        throw new Error(`no span: ${description}`);
      });

    const gatewayServer = await find(
      'the gateway receives the request',
      (span) => span.service === 'gateway' && span.kind === SpanKinds.server && mentions(span, path),
    );
    const traceId = gatewayServer.traceId;
    const inTrace = (span: CollectedSpan) => span.traceId === traceId;
    const gatewayClient = await find(
      'the gateway proxies it (undici)',
      (span) =>
        span.service === 'gateway' &&
        span.kind === SpanKinds.client &&
        span.parentSpanId === gatewayServer.spanId &&
        mentions(span, path),
    );
    const chatServer = await find(
      'chat-service receives it from the gateway',
      (span) =>
        span.service === 'chat-service' &&
        span.kind === SpanKinds.server &&
        span.parentSpanId === gatewayClient.spanId,
    );
    const publish = await find(
      'chat-service publishes the generation request',
      (span) =>
        inTrace(span) &&
        span.service === 'chat-service' &&
        span.kind === SpanKinds.producer &&
        span.name === `send ${redisPrefix}gen:requests`,
    );
    expect(hasAncestor(publish, chatServer, spans)).toBe(true);
    await find(
      'the XADD to Redis (ioredis)',
      (span) =>
        span.service === 'chat-service' && span.parentSpanId === publish.spanId && span.name === 'xadd',
    );
    const consume = await find(
      'provider-worker consumes the request',
      (span) =>
        span.service === 'provider-worker' &&
        span.kind === SpanKinds.consumer &&
        span.parentSpanId === publish.spanId,
    );
    const llmCall = await find(
      'provider-worker calls the LLM (fetch)',
      (span) =>
        inTrace(span) &&
        span.service === 'provider-worker' &&
        span.kind === SpanKinds.client &&
        mentions(span, '/chat/completions'),
    );
    expect(hasAncestor(llmCall, consume, spans)).toBe(true);
    // The usage record the worker publishes carries the trace on to billing-service's ledger.
    const usagePublish = await find(
      'provider-worker publishes usage.recorded',
      (span) =>
        inTrace(span) && span.kind === SpanKinds.producer && span.name === `send ${redisPrefix}events`,
    );
    expect(hasAncestor(usagePublish, consume, spans)).toBe(true);
    await find(
      'billing-service consumes the usage record',
      (span) =>
        span.service === 'billing-service' &&
        span.kind === SpanKinds.consumer &&
        span.parentSpanId === usagePublish.spanId,
    );

    // The LLM itself is told: its request carries the worker's client span as the parent.
    const llmRequest = fake.requests.find((request) => request.lastUserText?.includes('oldest'));
    expect(llmRequest?.headers.traceparent).toBe(`00-${traceId}-${llmCall.spanId}-01`);

    // Log lines written inside those spans name the trace and the span.
    const spanIds = new Set(spans.filter(inTrace).map((span) => span.spanId));
    const logged = (output: string[], message: string) =>
      logLines(output).find((line) => line.msg === message && line.generationId === generationId);
    for (const line of [
      logged(stack.chat.output, 'generation requested'),
      logged(stack.worker.output, 'generation started'),
    ]) {
      expect(line).toMatchObject({ trace_id: traceId, trace_flags: '01' });
      expect(spanIds.has(String(line?.span_id))).toBe(true);
    }
  });
});

describe('metrics', () => {
  const scrape = async (url: string) => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status, url).toBe(200);
    return response.text();
  };

  it('the gateway serves /metrics on its metrics port only, never on the public one', async () => {
    const publicMetrics = await fetch(`${stack.gateway.url}/metrics`);
    expect(publicMetrics.status).toBe(404);
    expect(((await publicMetrics.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect(await scrape(`http://127.0.0.1:${gatewayMetricsPort}`)).toContain('http_request_duration_seconds');
  });

  it('each consuming service reports its backlog: group lag and pending, dead letters, queue depth', async () => {
    const requests = `${redisPrefix}gen:requests`;
    const worker = await scrape(stack.worker.url);
    expect(worker).toMatch(
      new RegExp(`bus_consumer_group_pending\\{stream="${requests}",group="provider-workers"[^}]*\\} \\d+`),
    );
    expect(worker).toMatch(
      new RegExp(`bus_consumer_group_lag\\{stream="${requests}",group="provider-workers"`),
    );
    expect(worker).toMatch(new RegExp(`bus_dead_letter_entries\\{stream="${redisPrefix}gen:dead"`));
    expect(worker).toMatch(/queue_jobs\{queue="chat-titles",state="waiting"/);
    expect(worker).toMatch(/provider_worker_active_generations\{[^}]*\} 0/);

    const billing = await scrape(stack.billing.url);
    expect(billing).toMatch(new RegExp(`bus_consumer_group_pending\\{stream="${redisPrefix}events",group=`));
    expect(billing).toMatch(new RegExp(`bus_dead_letter_entries\\{stream="${redisPrefix}events:dead"`));

    expect(await scrape(stack.auth.url)).toMatch(/queue_jobs\{queue="auth-emails",state="waiting"/);
  });
});
