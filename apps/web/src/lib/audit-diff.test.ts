import { describe, expect, it } from 'vitest';
import { describeAction, diffSnapshots, displayValue } from './audit-diff';

describe('diffSnapshots', () => {
  it('lists only the fields that changed', () => {
    expect(
      diffSnapshots(
        { id: 'usr_1', email: 'a@example.test', role: 'USER', disabled: false },
        { id: 'usr_1', email: 'a@example.test', role: 'ADMIN', disabled: false },
      ),
    ).toEqual([{ field: 'role', before: 'USER', after: 'ADMIN' }]);
  });

  it('follows nested objects by dot path', () => {
    expect(
      diffSnapshots(
        { label: 'OpenAI', modelOverrides: { 'gpt-4o': { enabled: true } } },
        { label: 'OpenAI', modelOverrides: { 'gpt-4o': { enabled: false, inputPerMTokMicros: 2_000_000 } } },
      ),
    ).toEqual([
      { field: 'modelOverrides.gpt-4o.enabled', before: 'true', after: 'false' },
      { field: 'modelOverrides.gpt-4o.inputPerMTokMicros', before: null, after: '2000000' },
    ]);
  });

  it('lists every field of a created or deleted target', () => {
    expect(diffSnapshots(null, { label: 'Local', hasApiKey: true })).toEqual([
      { field: 'label', before: null, after: 'Local' },
      { field: 'hasApiKey', before: null, after: 'true' },
    ]);
    expect(diffSnapshots({ label: 'Local', baseUrl: null }, null)).toEqual([
      { field: 'label', before: 'Local', after: null },
      { field: 'baseUrl', before: 'null', after: null },
    ]);
  });

  it('ignores updatedAt and treats arrays and empty objects as values', () => {
    expect(
      diffSnapshots(
        { updatedAt: '2026-01-01', tags: ['a'], overrides: {} },
        { updatedAt: '2026-01-02', tags: ['a', 'b'], overrides: {} },
      ),
    ).toEqual([{ field: 'tags', before: '["a"]', after: '["a","b"]' }]);
  });
});

describe('displayValue', () => {
  it('shows strings bare and everything else as JSON', () => {
    expect(displayValue('x')).toBe('x');
    expect(displayValue(3)).toBe('3');
    expect(displayValue(null)).toBe('null');
    expect(displayValue(undefined)).toBe('—');
    expect(displayValue({ a: 1 })).toBe('{"a":1}');
  });
});

describe('describeAction', () => {
  it('turns an action code into words', () => {
    expect(describeAction('user.role.change')).toBe('User role change');
    expect(describeAction('provider.default-model.change')).toBe('Provider default model change');
  });
});
