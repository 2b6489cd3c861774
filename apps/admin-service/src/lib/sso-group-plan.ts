import type { OidcGroupMappingEntry } from '@vivier/contracts';

export interface MembershipPlan {
  /** Every existing group the mapping names: membership in these follows the claim. */
  mapped: string[];
  add: string[];
  remove: string[];
}

/**
 * What one sign-in changes: the user joins each mapped group a claim value maps to and leaves each
 * mapped group none does. Groups outside the mapping are not touched (added by hand in Admin →
 * Groups, they stay). `groupIdOf` resolves a mapping's `group` (an id, or a name from env) to an
 * existing group; entries naming no group are skipped. A group that two values map to is kept when
 * either is present.
 */
export function planGroupMembership(input: {
  mapping: OidcGroupMappingEntry[];
  claimValues: string[];
  currentGroupIds: ReadonlySet<string>;
  groupIdOf: (group: string) => string | undefined;
}): MembershipPlan {
  const values = new Set(input.claimValues);
  const mapped = new Set<string>();
  const wanted = new Set<string>();
  for (const entry of input.mapping) {
    const groupId = input.groupIdOf(entry.group);
    if (!groupId) continue;
    mapped.add(groupId);
    if (values.has(entry.value)) wanted.add(groupId);
  }
  return {
    mapped: [...mapped].sort(),
    add: [...wanted].filter((id) => !input.currentGroupIds.has(id)).sort(),
    remove: [...mapped].filter((id) => !wanted.has(id) && input.currentGroupIds.has(id)).sort(),
  };
}
