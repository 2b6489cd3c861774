import { describe, expect, it } from 'vitest';
import { planGroupMembership } from './sso-group-plan';

const groups: Record<string, string> = { grp_eng: 'grp_eng', Finance: 'grp_fin', grp_fin: 'grp_fin' };
const plan = (claimValues: string[], current: string[]) =>
  planGroupMembership({
    mapping: [
      { value: 'eng', group: 'grp_eng' },
      { value: 'platform', group: 'grp_eng' },
      { value: 'fin', group: 'Finance' },
      { value: 'gone', group: 'grp_deleted' },
    ],
    claimValues,
    currentGroupIds: new Set(current),
    groupIdOf: (ref) => groups[ref],
  });

describe('planGroupMembership', () => {
  it('joins the groups the claim maps to and leaves the mapped groups it does not', () => {
    expect(plan(['eng'], ['grp_fin'])).toEqual({
      mapped: ['grp_eng', 'grp_fin'],
      add: ['grp_eng'],
      remove: ['grp_fin'],
    });
  });

  it('never touches a group outside the mapping, nor one that no longer exists', () => {
    expect(plan([], ['grp_manual', 'grp_eng'])).toMatchObject({ add: [], remove: ['grp_eng'] });
    expect(plan(['gone'], [])).toMatchObject({ add: [], remove: [] });
  });

  it('keeps a group that any of its values still maps to', () => {
    expect(plan(['platform'], ['grp_eng'])).toMatchObject({ add: [], remove: [] });
  });
});
