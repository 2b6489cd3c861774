'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useCallback, useMemo } from 'react';
import { formatMoney } from '../components/billing/use-money';
import { describeError, type ErrorWords } from '../lib/error-message';

type Formatter = ReturnType<typeof useFormatter>;

/** The words of `describeError` from a `common.errors` translator and a formatter of one locale. */
export function errorWords(text: ErrorWords['text'], format: Formatter): ErrorWords {
  return {
    text,
    money: (micros) => formatMoney(format, micros),
    longDate: (date) => format.dateTime(date, 'longDate'),
  };
}

/** `describeError` in the reader's language: `const describeError = useDescribeError();`. */
export function useDescribeError(): (error: unknown) => string {
  const t = useTranslations('common.errors');
  const format = useFormatter();
  const words = useMemo(() => errorWords(t, format), [t, format]);
  return useCallback((error: unknown) => describeError(error, words), [words]);
}
