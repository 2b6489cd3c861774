'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { api, type ChatListQuery } from '../../lib/api';
import { queryKeys } from '../../lib/query-client';

type Filter = Omit<ChatListQuery, 'cursor' | 'limit' | 'q' | 'archived'> & { q: string; archived: boolean };

/**
 * One filtered chat list, page after page: the next page loads when `sentinelRef`'s element
 * comes into view (or with `fetchNextPage`).
 */
export function useChatPages(filter: Filter, enabled = true) {
  const list = useInfiniteQuery({
    queryKey: queryKeys.chats(filter),
    queryFn: ({ pageParam }) => api.chats.list({ ...filter, q: filter.q || undefined, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled,
  });
  const chats = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);

  const sentinelRef = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    const sentinel = sentinelRef.current;
    if (!sentinel || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return { list, chats, sentinelRef };
}
