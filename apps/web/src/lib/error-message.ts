import { isApiError, type ApiError } from './api-error';
import { formatUsdMicros } from './format';

const numberOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** `You have used $6.00 of $5.00. Your quota resets on December 1, 2026.` from a QUOTA_EXCEEDED error's meta. */
export function quotaSentence(error: ApiError): string | null {
  const used = numberOf(error.meta.usedMicros);
  const limit = numberOf(error.meta.limitMicros);
  const resetsAt = typeof error.meta.resetsAt === 'string' ? new Date(error.meta.resetsAt) : undefined;
  const parts: string[] = [];
  if (used !== undefined && limit !== undefined)
    parts.push(`You have used ${formatUsdMicros(used)} of ${formatUsdMicros(limit)}.`);
  if (resetsAt && !Number.isNaN(resetsAt.getTime())) {
    parts.push(
      `Your quota resets on ${resetsAt.toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric' })}.`,
    );
  }
  return parts.length ? parts.join(' ') : null;
}

const QUOTA_LEAD = 'Your usage allowance for this period is used up.';

/**
 * What a person reads when something fails: the API's own message (written for people), with
 * the facts the envelope carries (which field, quota used and limit, when to retry).
 */
export function describeError(error: unknown): string {
  if (!isApiError(error)) {
    return error instanceof Error && error.name === 'AbortError'
      ? 'The request was cancelled.'
      : 'Something went wrong. Please try again.';
  }
  const message = error.message.trim() || 'Something went wrong.';
  switch (error.code) {
    case 'QUOTA_EXCEEDED': {
      // The services' own wording varies and may repeat the figures: one plain lead, then the facts.
      const facts = quotaSentence(error);
      return facts ? `${QUOTA_LEAD} ${facts}` : message;
    }
    case 'VALIDATION_FAILED': {
      const fields = error.details.map((detail) =>
        detail.path ? `${detail.path} ${detail.message}` : detail.message,
      );
      return fields.length ? `${message}: ${fields.join('; ')}` : message;
    }
    case 'RATE_LIMITED':
      return error.retryAfterSeconds !== undefined
        ? `${message} (try again in ${formatWait(error.retryAfterSeconds)})`
        : message;
    default:
      return message;
  }
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} min`;
}
