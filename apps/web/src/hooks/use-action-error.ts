'use client';

import { useState } from 'react';
import { useDescribeError } from './use-describe-error';

/**
 * Runs the user's actions one after another, keeping the last one's failure as a message to show
 * beside what failed (cleared when the next action starts).
 */
export function useActionError() {
  const describeError = useDescribeError();
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(describeError(caught));
    }
  };
  return { error, run };
}
