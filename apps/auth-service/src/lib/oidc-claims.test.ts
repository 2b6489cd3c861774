import { describe, expect, it } from 'vitest';
import { claimValuesOf } from './oidc-claims';

describe('claimValuesOf', () => {
  it('reads a list claim, a single value, and nothing from a missing or odd claim', () => {
    expect(claimValuesOf({ groups: ['a', 3, 'b'] }, 'groups')).toEqual(['a', 'b']);
    expect(claimValuesOf({ role: 'admin' }, 'role')).toEqual(['admin']);
    expect(claimValuesOf({}, 'groups')).toEqual([]);
    expect(claimValuesOf({ groups: { a: 1 } }, 'groups')).toEqual([]);
  });
});
