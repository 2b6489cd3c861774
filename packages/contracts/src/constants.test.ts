import { describe, expect, it } from 'vitest';
import { isProviderId, isProviderKind, isTerminalFrame, terminalFrameTypes } from './constants';
import { ProviderId, ProviderKind } from './chat';
import { StreamFrame } from './frames';
import { newId } from './ids';

describe('the zod-free guards', () => {
  it('accept exactly what the schemas accept', () => {
    for (const kind of ProviderKind.options) expect(isProviderKind(kind)).toBe(true);
    const adminProvider = newId('provider');
    const values = [
      ...ProviderKind.options,
      adminProvider,
      'prv_short',
      'prv_0123456789ABCDEFGHIJ',
      'openai-ish',
      '',
    ];
    for (const value of values) {
      expect(isProviderId(value), value).toBe(ProviderId.safeParse(value).success);
    }
    expect(isProviderKind('openai-ish')).toBe(false);
  });

  it('call exactly done, error and cancelled frames terminal', () => {
    const frameTypes = StreamFrame.options.map((option) => option.shape.type.value);
    expect(frameTypes.filter((type) => isTerminalFrame({ type })).sort()).toEqual(
      [...terminalFrameTypes].sort(),
    );
    expect(isTerminalFrame({ type: 'delta' })).toBe(false);
    expect(isTerminalFrame({ type: 'reset' })).toBe(false);
  });
});
