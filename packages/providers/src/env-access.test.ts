import { describe, expect, it } from 'vitest';
import { envAccessOf } from './env-access';

describe('envAccessOf', () => {
  it('reads the provider list and each model list, from a JSON value or its text', () => {
    const row = { kind: 'openai', accessGroupIds: ['grp_a'], modelGroupIds: { 'gpt-5': ['grp_b'] } };
    expect(envAccessOf(row)).toEqual({ accessGroupIds: ['grp_a'], modelGroupIds: { 'gpt-5': ['grp_b'] } });
    expect(envAccessOf({ ...row, modelGroupIds: JSON.stringify(row.modelGroupIds) })).toEqual(
      envAccessOf(row),
    );
  });

  it('skips a malformed model entry rather than opening or closing anything else', () => {
    const access = envAccessOf({
      kind: 'openai',
      accessGroupIds: ['grp_a'],
      modelGroupIds: { good: ['grp_b'], bad: 'grp_c', worse: [1] },
    });
    expect(access).toEqual({ accessGroupIds: ['grp_a'], modelGroupIds: { good: ['grp_b'] } });
    expect(envAccessOf({ kind: 'openai', accessGroupIds: [], modelGroupIds: null })).toEqual({
      accessGroupIds: [],
      modelGroupIds: {},
    });
  });
});
