import * as contracts from '@vivier/contracts';
import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENTS } from './attachments';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  isProviderId,
  isProviderKind,
  isTerminalFrame,
  loadContracts,
} from './contracts';

describe('contract mirrors', () => {
  it('match the contracts they stand in for', async () => {
    expect(PASSWORD_MIN_LENGTH).toBe(contracts.PASSWORD_MIN_LENGTH);
    expect(PASSWORD_MAX_LENGTH).toBe(contracts.PASSWORD_MAX_LENGTH);
    expect(MAX_ATTACHMENTS).toBe(contracts.MESSAGE_MAX_FILES);
    for (const kind of contracts.ProviderKind.options) expect(isProviderKind(kind)).toBe(true);
    expect(isProviderKind('openai-ish')).toBe(false);
    const adminProvider = contracts.newId('provider');
    expect(contracts.ProviderId.safeParse(adminProvider).success).toBe(true);
    expect(isProviderId(adminProvider)).toBe(true);
    for (const value of ['prv_short', 'prv_0123456789ABCDEFGHIJ', 'openai-ish']) {
      expect(isProviderId(value), value).toBe(contracts.ProviderId.safeParse(value).success);
    }
    for (const type of contracts.terminalFrameTypes) expect(isTerminalFrame({ type })).toBe(true);
    expect(isTerminalFrame({ type: 'delta' })).toBe(false);
    expect(isTerminalFrame({ type: 'reset' })).toBe(false);
    expect((await loadContracts()).StreamFrame).toBe(contracts.StreamFrame);
  });
});
