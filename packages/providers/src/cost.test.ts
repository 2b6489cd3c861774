import { describe, expect, it } from 'vitest';
import { MODEL_CATALOGUE } from './catalogue';
import { calculateCostMicros } from './cost';

describe('calculateCostMicros', () => {
  const pricing = { inputPerMTokMicros: 2_500_000, outputPerMTokMicros: 15_000_000 }; // $2.50 / $15

  it('computes integer micro-dollars', () => {
    expect(calculateCostMicros(pricing, { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBe(
      17_500_000,
    );
    expect(calculateCostMicros(pricing, { inputTokens: 1_234, outputTokens: 567 })).toBe(11_590);
    expect(calculateCostMicros(pricing, { inputTokens: 0, outputTokens: 0 })).toBe(0);
  });

  it('rounds half up once, on the total', () => {
    const cheap = { inputPerMTokMicros: 150_000, outputPerMTokMicros: 600_000 }; // $0.15 / $0.60
    // 3 × 0.15 + 0 = 0.45 micros → 0; 3 × 0.15 + 1 × 0.6 = 1.05 → 1; 10 × 0.15 = 1.5 → 2.
    expect(calculateCostMicros(cheap, { inputTokens: 3, outputTokens: 0 })).toBe(0);
    expect(calculateCostMicros(cheap, { inputTokens: 3, outputTokens: 1 })).toBe(1);
    expect(calculateCostMicros(cheap, { inputTokens: 10, outputTokens: 0 })).toBe(2);
  });

  it('has no float drift: summing many small requests equals one big one when each is exact', () => {
    const unit = { inputPerMTokMicros: 1_000_000, outputPerMTokMicros: 3_000_000 };
    let total = 0;
    for (let index = 0; index < 10_000; index += 1) {
      total += calculateCostMicros(unit, { inputTokens: 7, outputTokens: 11 });
    }
    expect(total).toBe(calculateCostMicros(unit, { inputTokens: 70_000, outputTokens: 110_000 }));
    // The float version of the same sum drifts: 0.1 + 0.2 style errors are exactly what we avoid.
    expect(0.1 * 3).not.toBe(0.3);
  });

  it('stays exact where tokens × price passes 2^53', () => {
    const pricey = { inputPerMTokMicros: 180_000_000, outputPerMTokMicros: 180_000_000 };
    const usage = { inputTokens: 60_000_000_000, outputTokens: 1 };
    expect(60_000_000_000 * 180_000_000).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    expect(calculateCostMicros(pricey, usage)).toBe(10_800_000_000_180);
  });

  it('rejects negative, fractional or unsafe inputs', () => {
    expect(() => calculateCostMicros(pricing, { inputTokens: -1, outputTokens: 0 })).toThrow(RangeError);
    expect(() => calculateCostMicros(pricing, { inputTokens: 1.5, outputTokens: 0 })).toThrow(RangeError);
    expect(() =>
      calculateCostMicros(
        { inputPerMTokMicros: 0.5, outputPerMTokMicros: 0 },
        { inputTokens: 1, outputTokens: 0 },
      ),
    ).toThrow(RangeError);
  });
});

describe('model catalogue', () => {
  it('has integer prices, sane limits and unique ids per provider', () => {
    const keys = new Set<string>();
    for (const entry of MODEL_CATALOGUE) {
      expect(Number.isSafeInteger(entry.pricing.inputPerMTokMicros)).toBe(true);
      expect(Number.isSafeInteger(entry.pricing.outputPerMTokMicros)).toBe(true);
      expect(entry.contextWindow).toBeGreaterThan(entry.maxOutputTokens);
      const key = `${entry.provider}/${entry.id}`;
      expect(keys.has(key)).toBe(false);
      keys.add(key);
    }
    for (const kind of ['openai', 'anthropic', 'google', 'openai-compatible'] as const) {
      expect(MODEL_CATALOGUE.some((entry) => entry.provider === kind)).toBe(true);
    }
  });

  it('lists the offline demo model for the OpenAI-compatible provider', () => {
    expect(MODEL_CATALOGUE).toContainEqual(
      expect.objectContaining({ provider: 'openai-compatible', id: 'fake', label: 'Offline demo' }),
    );
  });
});
