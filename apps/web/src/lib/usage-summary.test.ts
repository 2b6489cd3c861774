import { describe, expect, it } from 'vitest';
import { usageByDay, usageByModel } from './usage-summary';

const item = (day: string, model: string, costMicros: number, tokens = 10) => ({
  day,
  provider: 'openai',
  model,
  inputTokens: tokens,
  outputTokens: tokens,
  costMicros,
});

describe('usageByDay', () => {
  it('sums per day and fills every day of the range with zeros', () => {
    const days = usageByDay(
      [item('2026-11-01', 'a', 100), item('2026-11-01', 'b', 50), item('2026-11-03', 'a', 7)],
      '2026-11-01T00:00:00.000Z',
      '2026-11-04T00:00:00.000Z',
    );
    expect(days.map((day) => [day.day, day.costMicros, day.inputTokens])).toEqual([
      ['2026-11-01', 150, 20],
      ['2026-11-02', 0, 0],
      ['2026-11-03', 7, 10],
    ]);
  });

  it('keeps rows outside the range rather than losing spend', () => {
    const days = usageByDay(
      [item('2026-10-31', 'a', 5)],
      '2026-11-01T00:00:00.000Z',
      '2026-11-02T00:00:00.000Z',
    );
    expect(days.map((day) => day.day)).toEqual(['2026-10-31', '2026-11-01']);
  });
});

describe('usageByModel', () => {
  it('sums across days, most expensive first', () => {
    const models = usageByModel([
      item('2026-11-01', 'cheap', 1, 500),
      item('2026-11-01', 'dear', 90),
      item('2026-11-02', 'dear', 10),
    ]);
    expect(models.map((model) => [model.model, model.costMicros, model.outputTokens])).toEqual([
      ['dear', 100, 20],
      ['cheap', 1, 500],
    ]);
  });
});
