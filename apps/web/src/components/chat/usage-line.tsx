import type { Usage } from '@vivier/contracts';
import { useTranslations } from 'next-intl';
import { useMoney } from '../billing/use-money';

/** Token count and cost of one answer, the cost written the way the reader's language writes money. */
export function UsageLine({
  usage,
  costMicros,
}: {
  usage: Usage | null | undefined;
  costMicros: number | null | undefined;
}) {
  const t = useTranslations('chat');
  const money = useMoney();
  if (!usage) return null;
  const total = usage.inputTokens + usage.outputTokens;
  return (
    <span
      className="text-xs text-muted"
      title={t('usage.title', { input: usage.inputTokens, output: usage.outputTokens })}
    >
      {t('usage.line', { total, input: usage.inputTokens, output: usage.outputTokens })}
      {costMicros !== null && costMicros !== undefined ? ` · ${money(costMicros)}` : ''}
    </span>
  );
}
