import { describe, expect, it } from 'vitest';
import { captureLogs, eventually } from '@vivier/testkit';
import { createLogger } from './logger';
import { DeferredChildLogger } from './deferred-child-logger';

async function linesOf(logs: ReturnType<typeof captureLogs>, count: number) {
  const lines = await eventually(async () => (logs.lines.length >= count ? logs.lines : undefined));
  return lines.map((line) => {
    const { time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
    return rest;
  });
}

describe('a deferred request logger', () => {
  it('writes exactly the lines eager pino children write: bindings, nesting, redaction, serializers', async () => {
    const eagerLogs = captureLogs();
    const deferredLogs = captureLogs();
    const eager = createLogger({ name: 'kit-test', level: 'info', stream: eagerLogs.stream });
    const deferredRoot = createLogger({ name: 'kit-test', level: 'info', stream: deferredLogs.stream });
    const deferred = new DeferredChildLogger(deferredRoot, { reqId: 'req_1' }, {});

    const error = new Error('boom');
    const write = (log: typeof eager | DeferredChildLogger) => {
      log.info({ token: 'secret-token', headers: { authorization: 'Bearer abc' } }, 'first');
      const nested = log.child({ userId: 'usr_1' }).child({ clientRequestId: 'client-1', apiKey: 'sk-1' });
      nested.warn({ err: error }, 'second');
      nested.debug('not written at info');
    };
    write(eager.child({ reqId: 'req_1' }, {}));
    write(deferred);

    const expected = await linesOf(eagerLogs, 2);
    expect(await linesOf(deferredLogs, 2)).toEqual(expected);
    expect(expected[1]).toMatchObject({ reqId: 'req_1', userId: 'usr_1', clientRequestId: 'client-1' });
    expect(JSON.stringify(expected)).not.toMatch(/secret-token|Bearer abc|sk-1/);
  });

  it('logs nothing below its level, and honours a level of its own (a route’s logLevel)', async () => {
    const logs = captureLogs();
    const root = createLogger({ name: 'kit-test', level: 'warn', stream: logs.stream });
    const request = new DeferredChildLogger(root, { reqId: 'req_2' }, {});
    request.info('quiet');
    expect(request.isLevelEnabled('info')).toBe(false);
    expect(request.level).toBe('warn');

    const verbose = new DeferredChildLogger(root, { reqId: 'req_3' }, { level: 'debug' });
    expect(verbose.child({ userId: 'usr_3' }).isLevelEnabled('debug')).toBe(true);
    verbose.child({ userId: 'usr_3' }).debug('loud');
    request.error('failed');

    const lines = await linesOf(logs, 2);
    expect(lines).toEqual([
      expect.objectContaining({ reqId: 'req_3', userId: 'usr_3', msg: 'loud' }),
      expect.objectContaining({ reqId: 'req_2', msg: 'failed' }),
    ]);
  });
});
