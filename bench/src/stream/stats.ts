import * as hdr from 'hdr-histogram-js';

/**
 * Latencies are recorded in microseconds in HDR histograms (3 significant digits) and reported in
 * milliseconds. A figure for an arm is the median over rounds of that round's percentile, and an
 * "added" figure is the median over rounds of (arm − baseline) for the same percentile, so the
 * machine's drift between rounds cancels out: each arm runs next to its baseline.
 */

export type Histogram = hdr.Histogram;

export function newHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

export const recordMs = (histogram: Histogram, ms: number) =>
  histogram.recordValue(Math.max(1, Math.round(ms * 1000)));

export const percentileMs = (histogram: Histogram, percentile: number) =>
  histogram.totalCount === 0 ? Number.NaN : histogram.getValueAtPercentile(percentile) / 1000;

export function median(values: number[]): number {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const round2 = (value: number) => (Number.isFinite(value) ? Math.round(value * 100) / 100 : null);

/** p50/p90/p99/max of one histogram, in ms. */
export function summary(histogram: Histogram) {
  return {
    count: histogram.totalCount,
    p50: round2(percentileMs(histogram, 50)),
    p90: round2(percentileMs(histogram, 90)),
    p99: round2(percentileMs(histogram, 99)),
    max: round2(histogram.totalCount === 0 ? Number.NaN : histogram.maxValue / 1000),
  };
}
