/**
 * Scaling for the admin and billing charts (plain SVG/CSS, no chart library): a "nice" top of
 * the axis and bar sizes relative to it.
 */

/** The smallest 1, 2 or 5 × 10^k at or above `max` (1 for an empty or all-zero series). */
export function niceCeiling(max: number): number {
  if (!Number.isFinite(max) || max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) {
    // Rounded, so 0.3 / 0.1 = 2.9999… does not land on the next step.
    const candidate = Number((step * magnitude).toPrecision(12));
    if (candidate >= max) return candidate;
  }
  return 10 * magnitude;
}

/** Each value as a share of the scale's top, 0–1 (negative or missing values count as 0). */
export function barFractions(values: readonly number[], top = niceCeiling(Math.max(0, ...values))): number[] {
  return values.map((value) => (Number.isFinite(value) && value > 0 ? Math.min(1, value / top) : 0));
}

/** Evenly spaced axis values from 0 to the top (inclusive), `count` intervals. */
export function axisTicks(top: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, index) => Number(((top * index) / count).toPrecision(12)));
}

/** A share as a whole percentage for a meter, clamped to 0–100 (a zero limit counts as full once anything is used). */
export function percentOf(used: number, limit: number): number {
  if (limit <= 0) return used > 0 ? 100 : 0;
  return Math.max(0, Math.min(100, Math.round((used / limit) * 100)));
}
