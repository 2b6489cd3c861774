import type { Usage } from '@vivier/contracts';
import { formatTokens, formatUsdMicros } from '../../lib/format';

/** Token count and cost of one answer. */
export function UsageLine({
  usage,
  costMicros,
}: {
  usage: Usage | null | undefined;
  costMicros: number | null | undefined;
}) {
  if (!usage) return null;
  const total = usage.inputTokens + usage.outputTokens;
  return (
    <span
      className="text-xs text-muted"
      title={`${usage.inputTokens} input + ${usage.outputTokens} output tokens`}
    >
      {formatTokens(total)} ({usage.inputTokens} in · {usage.outputTokens} out)
      {costMicros !== null && costMicros !== undefined ? ` · ${formatUsdMicros(costMicros)}` : ''}
    </span>
  );
}
