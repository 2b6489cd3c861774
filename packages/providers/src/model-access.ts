/**
 * Who may use a model (issue 16 part 4): a provider row and each of its models are open to everyone
 * unless an admin lists groups. A user may use a model when, for the provider's list and for the
 * model's list, each list is empty or names a group they belong to.
 */
export type AccessLists = string[][];

export function accessListsOf(
  providerGroupIds: string[] | undefined,
  modelGroupIds: string[] | undefined,
): AccessLists {
  return [providerGroupIds ?? [], modelGroupIds ?? []].filter((list) => list.length > 0);
}

export function isAllowed(lists: AccessLists | undefined, userGroupIds: ReadonlySet<string>): boolean {
  return (lists ?? []).every((list) => list.some((id) => userGroupIds.has(id)));
}

/** The largest number of users whose groups a process keeps; the oldest entry goes first. */
const MEMBERSHIP_CACHE_SIZE = 10_000;

/**
 * A user's group ids, read at most once per `ttlMs` and dropped by `clear()` (admin-service
 * announces group and access changes on the provider-settings channel). The send path only asks
 * when the model is restricted, so an unrestricted setup never reads membership at all.
 */
export function createMembershipCache(load: (userId: string) => Promise<string[]>, ttlMs: number) {
  const cached = new Map<string, { at: number; groups: Promise<ReadonlySet<string>> }>();
  let generation = 0;
  return {
    groupsOf(userId: string): Promise<ReadonlySet<string>> {
      const hit = cached.get(userId);
      if (hit && Date.now() - hit.at < ttlMs) return hit.groups;
      const startedIn = generation;
      const groups = load(userId).then((ids) => new Set(ids) as ReadonlySet<string>);
      // A failed read is not remembered; a read that raced a clear() is not either.
      groups.catch(() => cached.delete(userId));
      if (cached.size >= MEMBERSHIP_CACHE_SIZE) cached.delete(cached.keys().next().value!);
      cached.delete(userId);
      if (startedIn === generation) cached.set(userId, { at: Date.now(), groups });
      return groups;
    },
    clear(): void {
      generation += 1;
      cached.clear();
    },
  };
}
