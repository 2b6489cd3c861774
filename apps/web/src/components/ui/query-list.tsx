'use client';

import type { ReactNode } from 'react';
import { useDescribeError } from '../../hooks/use-describe-error';
import { LoadError } from './page-frame';

/** What a list needs from a TanStack query: its items once loaded, or why they did not load. */
interface ListQuery<T> {
  data: T[] | undefined;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/**
 * A list that loads: the load error with a retry, the loading text, the empty text (when the list
 * can be empty), else the items as `children` renders them.
 */
export function QueryList<T>({
  query,
  loading,
  empty,
  children,
}: {
  query: ListQuery<T>;
  loading: string;
  empty?: string;
  children: (items: T[]) => ReactNode;
}) {
  const describeError = useDescribeError();
  if (query.isError)
    return <LoadError message={describeError(query.error)} onRetry={() => void query.refetch()} />;
  if (!query.data) {
    return (
      <p className="text-sm text-muted" role="status">
        {loading}
      </p>
    );
  }
  if (query.data.length === 0 && empty !== undefined) return <p className="text-sm text-muted">{empty}</p>;
  return children(query.data);
}
