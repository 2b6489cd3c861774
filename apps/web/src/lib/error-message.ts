import { isApiError, type ApiError, type ClientErrorText } from './api-error';

/** The `common.errors` messages the client writes itself (a server's own message is shown as sent). */
type ErrorTextKey =
  | 'cancelled'
  | 'unknown'
  | 'empty'
  | 'quotaLead'
  | 'quotaUsed'
  | 'quotaResets'
  | 'fields'
  | 'retryIn'
  | 'waitSeconds'
  | 'waitMinutes'
  | `client.${ClientErrorText}`;

/**
 * What `describeError` needs to speak the reader's language: the `common.errors` messages and
 * money and dates written the way the locale writes them (`useDescribeError` supplies them).
 */
export interface ErrorWords {
  text: (key: ErrorTextKey, values?: Record<string, string | number>) => string;
  money: (micros: number) => string;
  longDate: (date: Date) => string;
}

const numberOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** `You have used $6.00 of $5.00. Your quota resets on December 1, 2026.` from a QUOTA_EXCEEDED error's meta. */
export function quotaSentence(error: ApiError, words: ErrorWords): string | null {
  const used = numberOf(error.meta.usedMicros);
  const limit = numberOf(error.meta.limitMicros);
  const resetsAt = typeof error.meta.resetsAt === 'string' ? new Date(error.meta.resetsAt) : undefined;
  const parts: string[] = [];
  if (used !== undefined && limit !== undefined)
    parts.push(words.text('quotaUsed', { used: words.money(used), limit: words.money(limit) }));
  if (resetsAt && !Number.isNaN(resetsAt.getTime()))
    parts.push(words.text('quotaResets', { date: words.longDate(resetsAt) }));
  return parts.length ? parts.join(' ') : null;
}

/**
 * What a person reads when something fails: the API's own message (written for people), with
 * the facts the envelope carries (which field, quota used and limit, when to retry). Texts the
 * client made up itself (no server reachable, an answer it cannot read) are in the reader's language.
 */
export function describeError(error: unknown, words: ErrorWords): string {
  if (!isApiError(error)) {
    return error instanceof Error && error.name === 'AbortError'
      ? words.text('cancelled')
      : words.text('unknown');
  }
  if (error.clientText) return words.text(`client.${error.clientText}`, { status: error.status });
  const message = error.message.trim() || words.text('empty');
  switch (error.code) {
    case 'QUOTA_EXCEEDED': {
      // The services' own wording varies and may repeat the figures: one plain lead, then the facts.
      const facts = quotaSentence(error, words);
      return facts ? `${words.text('quotaLead')} ${facts}` : message;
    }
    case 'VALIDATION_FAILED': {
      const fields = error.details.map((detail) =>
        detail.path ? `${detail.path} ${detail.message}` : detail.message,
      );
      return fields.length ? words.text('fields', { message, fields: fields.join('; ') }) : message;
    }
    case 'RATE_LIMITED':
      return error.retryAfterSeconds !== undefined
        ? words.text('retryIn', { message, wait: formatWait(error.retryAfterSeconds, words) })
        : message;
    default:
      return message;
  }
}

function formatWait(seconds: number, words: ErrorWords): string {
  if (seconds < 60) return words.text('waitSeconds', { seconds });
  return words.text('waitMinutes', { minutes: Math.ceil(seconds / 60) });
}
