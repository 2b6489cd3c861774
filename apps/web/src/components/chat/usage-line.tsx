import type { Usage } from '@vivier/contracts';
import { formatUsdMicros } from '../../lib/format';
import { useTranslations } from 'next-intl';

/** Token count and cost of one answer. */
export function UsageLine({
  usage,
  costMicros,
}: {
  usage: Usage | null | undefined;
  costMicros: number | null | undefined;
}) {
  const t = useTranslations('chat');
  if (!usage) return null;
  const total = usage.inputTokens + usage.outputTokens;
  return (
    <span
      className="text-xs text-muted"
      title={t('usage.title', { input: usage.inputTokens, output: usage.outputTokens })}
    >
      {t('usage.line', { total, input: usage.inputTokens, output: usage.outputTokens })}
      {costMicros !== null && costMicros !== undefined ? ` · ${formatUsdMicros(costMicros)}` : ''}
    </span>
  );
}
