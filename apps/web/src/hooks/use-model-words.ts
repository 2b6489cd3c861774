'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useMemo } from 'react';
import type { ModelWords } from '../lib/model-choice';

type Formatter = ReturnType<typeof useFormatter>;

/** The model picker's words from a `chat.modelInfo` translator and a formatter of one locale. */
export function modelWords(text: ModelWords['text'], format: Formatter): ModelWords {
  return {
    text,
    // Whole dollars from $100 per 1M tokens up, cents below: `$2.50`, `$150`.
    price: (microsPerMTok) => {
      const dollars = microsPerMTok / 1_000_000;
      const digits = dollars >= 100 ? 0 : 2;
      return format.number(dollars, {
        style: 'currency',
        currency: 'USD',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    },
    tokens: (count) => format.number(count, 'compact'),
  };
}

/** Model details (price, capabilities, provider names) in the reader's language. */
export function useModelWords(): ModelWords {
  const t = useTranslations('chat.modelInfo');
  const format = useFormatter();
  return useMemo(() => modelWords(t, format), [t, format]);
}
