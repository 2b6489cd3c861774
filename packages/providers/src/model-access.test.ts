import { describe, expect, it } from 'vitest';
import { accessListsOf, createMembershipCache, isAllowed } from './model-access';

describe('isAllowed', () => {
  it('lets everyone use a model with no lists, and only members of a listed group otherwise', () => {
    expect(isAllowed(accessListsOf([], undefined), new Set())).toBe(true);
    expect(isAllowed(accessListsOf(['grp_a'], undefined), new Set(['grp_a']))).toBe(true);
    expect(isAllowed(accessListsOf(['grp_a'], undefined), new Set(['grp_b']))).toBe(false);
  });

  it('needs a match in the provider’s list and in the model’s list when both are set', () => {
    const lists = accessListsOf(['grp_team'], ['grp_finance']);
    expect(isAllowed(lists, new Set(['grp_team']))).toBe(false);
    expect(isAllowed(lists, new Set(['grp_finance']))).toBe(false);
    expect(isAllowed(lists, new Set(['grp_team', 'grp_finance']))).toBe(true);
  });
});

describe('createMembershipCache', () => {
  it('reads a user’s groups once per TTL and again after clear()', async () => {
    const reads: string[] = [];
    const cache = createMembershipCache(async (userId) => {
      reads.push(userId);
      return [`grp_of_${userId}`];
    }, 60_000);
    expect([...(await cache.groupsOf('usr_a'))]).toEqual(['grp_of_usr_a']);
    await cache.groupsOf('usr_a');
    expect(reads).toEqual(['usr_a']);
    cache.clear();
    await cache.groupsOf('usr_a');
    expect(reads).toEqual(['usr_a', 'usr_a']);
  });

  it('does not remember a failed read', async () => {
    let calls = 0;
    const cache = createMembershipCache(async () => {
      calls += 1;
      if (calls === 1) throw new Error('database down');
      return ['grp_a'];
    }, 60_000);
    await expect(cache.groupsOf('usr_a')).rejects.toThrow('database down');
    expect([...(await cache.groupsOf('usr_a'))]).toEqual(['grp_a']);
  });
});
