import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanKind, trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { busStreamNames } from '@vivier/contracts';
import { createBus } from './create-bus';
import { makeEvent } from './make-event';
import { connectRedis, deleteKeys, randomPrefix, waitFor } from './test-support';

const exporter = new InMemorySpanExporter();
const sdk = new NodeSDK({ serviceName: 'bus-test', spanProcessors: [new SimpleSpanProcessor(exporter)] });
const prefix = randomPrefix();
const redis = connectRedis();
const bus = createBus({ redis, prefix });

beforeAll(() => sdk.start());
afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
  await sdk.shutdown();
});

describe('trace context over the bus', () => {
  it('a consumer’s handler runs in a span whose parent is the publisher’s send span', async () => {
    const seen: Array<{ traceId: string; spanId: string }> = [];
    const consumer = bus.consume({
      stream: busStreamNames.generationRequests,
      group: 'tracing-test',
      consumer: 'c1',
      blockMs: 50,
      handler: () => {
        seen.push(trace.getActiveSpan()!.spanContext());
      },
    });
    await consumer.ready;

    // Published inside a request's span, as chat-service does, with the caller's (older) traceparent.
    const request = await trace
      .getTracer('test')
      .startActiveSpan('POST /api/chats/:id/messages', async (span) => {
        await bus.publish(
          busStreamNames.generationRequests,
          makeEvent(
            'generation.requested',
            { generationId: 'gen_1', chatId: 'cht_1', userId: 'usr_1', assistantMessageId: 'msg_1' },
            { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
          ),
        );
        span.end();
        return span.spanContext();
      });
    await waitFor(() => seen.length === 1, 'the handler ran');
    await consumer.stop();

    const finished = () => exporter.getFinishedSpans();
    await waitFor(() => finished().some((span) => span.kind === SpanKind.CONSUMER), 'the process span ended');
    const send = finished().find((span) => span.kind === SpanKind.PRODUCER)!;
    const process = finished().find((span) => span.kind === SpanKind.CONSUMER)!;
    expect(send.name).toBe(`send ${prefix}${busStreamNames.generationRequests}`);
    expect(send.parentSpanContext?.spanId).toBe(request.spanId);
    expect(process.name).toBe(`process ${prefix}${busStreamNames.generationRequests}`);
    expect(process.spanContext().traceId).toBe(request.traceId);
    expect(process.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
    expect(seen[0]).toMatchObject({ traceId: request.traceId, spanId: process.spanContext().spanId });
  });
});
