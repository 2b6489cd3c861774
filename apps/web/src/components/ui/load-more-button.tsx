'use client';

/** What the button needs from a TanStack infinite query. */
interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** The next page of a paged list, while there is one; it says so while that page loads. */
export function LoadMoreButton({
  query,
  label,
  loadingLabel,
  className = 'button mt-3',
}: {
  query: PagedQuery;
  label: string;
  loadingLabel: string;
  className?: string;
}) {
  if (!query.hasNextPage) return null;
  return (
    <button
      type="button"
      className={className}
      disabled={query.isFetchingNextPage}
      onClick={() => void query.fetchNextPage()}
    >
      {query.isFetchingNextPage ? loadingLabel : label}
    </button>
  );
}
