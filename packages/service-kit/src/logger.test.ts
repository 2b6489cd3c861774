import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { captureLogs, eventually } from '@vivier/testkit';
import { createLogger } from './logger';

const exporter = new InMemorySpanExporter();
const sdk = new NodeSDK({ serviceName: 'kit-test', spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => sdk.start());
afterAll(() => sdk.shutdown());

describe('log lines and traces', () => {
  it('carry trace_id, span_id and trace_flags inside a span (across awaits), and none outside', async () => {
    const logs = captureLogs();
    const logger = createLogger({ name: 'kit-test', level: 'info', stream: logs.stream });
    logger.info('before');
    await trace.getTracer('kit-test').startActiveSpan('work', async (span) => {
      await new Promise((resolve) => setImmediate(resolve));
      logger.child({ chatId: 'cht_1' }).info('inside');
      span.end();
    });
    logger.info('after');

    const lines = await eventually(async () =>
      logs.lines.length === 3
        ? logs.lines.map((line) => JSON.parse(line) as Record<string, unknown>)
        : undefined,
    );
    // The processor exports once the SDK's resource is complete, which may be a moment later.
    const work = await eventually(async () => exporter.getFinishedSpans()[0]);
    expect(lines[1]).toMatchObject({
      msg: 'inside',
      chatId: 'cht_1',
      trace_id: work.spanContext().traceId,
      span_id: work.spanContext().spanId,
      trace_flags: '01',
    });
    for (const outside of [lines[0], lines[2]]) expect(outside).not.toHaveProperty('trace_id');
  });
});
