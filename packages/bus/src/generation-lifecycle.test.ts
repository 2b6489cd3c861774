import { describe, expect, it } from 'vitest';
import { isTerminalGeneration, terminalFrame } from './generation-lifecycle';

describe('terminalFrame', () => {
  it('tells a client why a failed generation ended, with a default when the rows say nothing', () => {
    expect(
      terminalFrame({ status: 'failed', messageId: 'msg_1', error: { code: null, message: null } }),
    ).toEqual({
      type: 'error',
      code: 'PROVIDER_UNAVAILABLE',
      message: 'The answer could not be generated.',
    });
    expect(
      terminalFrame({
        status: 'failed',
        messageId: 'msg_1',
        error: { code: 'RATE_LIMITED', message: 'Slow down' },
      }),
    ).toEqual({ type: 'error', code: 'RATE_LIMITED', message: 'Slow down' });
  });

  it('reports zero usage for an answer that never reached a provider', () => {
    expect(terminalFrame({ status: 'done', messageId: 'msg_1' })).toEqual({
      type: 'done',
      messageId: 'msg_1',
      usage: { inputTokens: 0, outputTokens: 0 },
      costMicros: 0,
    });
  });
});

describe('isTerminalGeneration', () => {
  it('treats only done, failed and cancelled as ended', () => {
    expect(isTerminalGeneration('queued')).toBe(false);
    expect(isTerminalGeneration('streaming')).toBe(false);
    expect(isTerminalGeneration('done')).toBe(true);
    expect(isTerminalGeneration('failed')).toBe(true);
    expect(isTerminalGeneration('cancelled')).toBe(true);
  });
});
