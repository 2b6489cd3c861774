import { ErrorEnvelope } from '@vivier/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorFromResponse } from './api-error';
import { errorWords } from '../hooks/use-describe-error';
import type { Locale } from '../i18n/locales';
import { formatterIn, translatorIn } from '../i18n/test-support';
import { describeError as describeIn, quotaSentence, type ErrorWords } from './error-message';

/** The words of a reader of `locale`, from the real catalog and formatter. */
const wordsIn = async (locale: Locale): Promise<ErrorWords> =>
  errorWords(await translatorIn(locale, 'common.errors'), formatterIn(locale));
const english = await wordsIn('en');
const describeError = (error: unknown) => describeIn(error, english);

describe('apiErrorFromResponse', () => {
  it('reads the envelope: code, message, details, meta and request id', () => {
    const error = apiErrorFromResponse(
      400,
      {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'Invalid body',
          details: [{ path: 'email', message: 'must be a valid email address' }],
        },
        requestId: 'req_1',
      },
      null,
      ErrorEnvelope,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, requestId: 'req_1' });
    expect(error.details).toHaveLength(1);
  });

  it('still gives a typed error for a body that is not the envelope', () => {
    expect(apiErrorFromResponse(502, '<html>Bad gateway</html>', null, ErrorEnvelope)).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      status: 502,
    });
    expect(apiErrorFromResponse(401, undefined, null, ErrorEnvelope).code).toBe('UNAUTHENTICATED');
  });

  it('keeps Retry-After in seconds', () => {
    const error = apiErrorFromResponse(
      429,
      { error: { code: 'RATE_LIMITED', message: 'Too many attempts' }, requestId: 'r' },
      '840',
      ErrorEnvelope,
    );
    expect(error.retryAfterSeconds).toBe(840);
  });
});

describe('describeError', () => {
  it('shows quota used, limit and reset date from error.meta', () => {
    // billing's own message already states the figures; they are said once, in one wording.
    const error = new ApiError(
      'QUOTA_EXCEEDED',
      'Monthly usage allowance reached ($5.00 of $5.00); resets on 2026-12-01',
      {
        status: 402,
        meta: { usedMicros: 5_000_000, limitMicros: 5_000_000, resetsAt: '2026-12-01T00:00:00.000Z' },
      },
    );
    const text = describeError(error);
    expect(text).toBe(
      'Your usage allowance for this period is used up. You have used $5.00 of $5.00. Your quota resets on December 1, 2026.',
    );
    expect(text.match(/\$5\.00 of \$5\.00/g)).toHaveLength(1);
    // Without figures, the service's message stands.
    expect(describeError(new ApiError('QUOTA_EXCEEDED', 'Used up', { status: 402 }))).toBe('Used up');
  });

  it('names the fields of a validation error', () => {
    const error = new ApiError('VALIDATION_FAILED', 'Invalid body', {
      details: [{ path: 'password', message: 'must be at least 8 characters' }],
    });
    expect(describeError(error)).toBe('Invalid body: password must be at least 8 characters');
  });

  it('says when to retry a rate-limited call, and never leaks internals for unknown errors', () => {
    expect(describeError(new ApiError('RATE_LIMITED', 'Too many attempts', { retryAfterSeconds: 840 }))).toBe(
      'Too many attempts (try again in 14 min)',
    );
    expect(describeError(new TypeError('x is undefined'))).toBe('Something went wrong. Please try again.');
  });

  it('says the quota facts and its own texts in the reader’s language, the server’s message as sent', async () => {
    const quota = new ApiError('QUOTA_EXCEEDED', 'Monthly usage allowance reached', {
      status: 402,
      meta: { usedMicros: 6_000_000, limitMicros: 5_000_000, resetsAt: '2026-12-01T00:00:00.000Z' },
    });
    // French writes money `6,00 $US` and dates `1 décembre 2026` (spaces are narrow no-break ones).
    expect(describeIn(quota, await wordsIn('fr'))).toBe(
      'Votre quota d’utilisation pour cette période est épuisé. Vous avez utilisé 6,00\u00a0$US sur 5,00\u00a0$US. Votre quota sera réinitialisé le 1 décembre 2026.',
    );
    expect(describeIn(quota, await wordsIn('de'))).toContain('am 1. Dezember 2026 zurückgesetzt');
    const offline = new ApiError('NETWORK_ERROR', 'Cannot reach the server.', { clientText: 'unreachable' });
    expect(describeIn(offline, await wordsIn('es'))).toBe(
      'No se puede conectar con el servidor. Comprueba tu conexión e inténtalo de nuevo.',
    );
    const proxyPage = apiErrorFromResponse(502, '<html>Bad gateway</html>', null, ErrorEnvelope);
    expect(describeIn(proxyPage, await wordsIn('ja'))).toBe('サーバーがステータス 502 を返しました。');
    expect(describeIn(new ApiError('CONFLICT', 'Name taken', { status: 409 }), await wordsIn('fr'))).toBe(
      'Name taken',
    );
  });
});

describe('quotaSentence', () => {
  it('is null without the figures, so callers fall back to the message', () => {
    expect(quotaSentence(new ApiError('QUOTA_EXCEEDED', 'Used up', { status: 402 }), english)).toBeNull();
    expect(
      quotaSentence(
        new ApiError('QUOTA_EXCEEDED', 'Used up', {
          status: 402,
          meta: { usedMicros: 6_000_000, limitMicros: 5_000_000 },
        }),
        english,
      ),
    ).toBe('You have used $6.00 of $5.00.');
  });
});
