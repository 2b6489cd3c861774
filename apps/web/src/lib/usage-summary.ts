import type { UsageReportItem } from '@vivier/contracts';

interface UsageSum {
  inputTokens: number;
  outputTokens: number;
  costMicros: number;
}

export interface DayUsage extends UsageSum {
  day: string;
}

export interface ModelUsage extends UsageSum {
  provider: string;
  model: string;
}

const DAY_MS = 86_400_000;
const empty = (): UsageSum => ({ inputTokens: 0, outputTokens: 0, costMicros: 0 });
const add = (into: UsageSum, item: UsageSum) => {
  into.inputTokens += item.inputTokens;
  into.outputTokens += item.outputTokens;
  into.costMicros += item.costMicros;
};

/**
 * The usage report (one row per day, provider and model) summed per UTC day, every day of the
 * range present (zeros included) so a chart has no gaps. `from` inclusive, `to` exclusive (the
 * resolved range the API answers with).
 */
export function usageByDay(items: readonly UsageReportItem[], from: string, to: string): DayUsage[] {
  const byDay = new Map<string, DayUsage>();
  const start = Date.parse(from.slice(0, 10) + 'T00:00:00Z');
  const end = Date.parse(to);
  if (!Number.isNaN(start) && !Number.isNaN(end)) {
    // Bounded: the API allows at most a year.
    for (let time = start; time < end && byDay.size < 400; time += DAY_MS) {
      const day = new Date(time).toISOString().slice(0, 10);
      byDay.set(day, { day, ...empty() });
    }
  }
  for (const item of items) {
    const entry = byDay.get(item.day) ?? { day: item.day, ...empty() };
    add(entry, item);
    byDay.set(item.day, entry);
  }
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/** Usage per provider and model, highest cost first (then most tokens). */
export function usageByModel(items: readonly UsageReportItem[]): ModelUsage[] {
  const byModel = new Map<string, ModelUsage>();
  for (const item of items) {
    const key = `${item.provider}\u0000${item.model}`;
    const entry = byModel.get(key) ?? { provider: item.provider, model: item.model, ...empty() };
    add(entry, item);
    byModel.set(key, entry);
  }
  return [...byModel.values()].sort(
    (a, b) =>
      b.costMicros - a.costMicros || b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens),
  );
}
