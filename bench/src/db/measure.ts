import type { PrismaClient } from '@vivier/db';
import { newHistogram, percentileMs, recordMs, round2 } from '../stream/stats';
import { explaining, type SearchRun } from './queries';

export interface Budget {
  /** Untimed runs first, so the figures are of a warm cache, as for a user who searches again. */
  warmup: number;
  /** Timed runs of each arm, unless its time budget ends first. */
  runs: number;
  /** Stop an arm after this long (the "before" arm of the heavy user takes ~0.5 s a run at 10m). */
  seconds: number;
}

export interface ArmResult {
  runs: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
  /** EXPLAIN (ANALYZE, BUFFERS) of every statement one run sends, in order. */
  plans: string[];
}

/** Times one way of answering a request, then records its plans (one extra, untimed run). */
export async function measureArm(
  db: PrismaClient,
  run: (client: Pick<PrismaClient, '$queryRaw'>) => Promise<unknown>,
  budget: Budget,
): Promise<ArmResult> {
  for (let index = 0; index < budget.warmup; index += 1) await run(db);
  const histogram = newHistogram();
  const deadline = performance.now() + budget.seconds * 1000;
  while (histogram.totalCount < budget.runs && (histogram.totalCount < 3 || performance.now() < deadline)) {
    const started = performance.now();
    await run(db);
    recordMs(histogram, performance.now() - started);
  }
  const plans: string[] = [];
  await run(explaining(db, plans));
  return {
    runs: histogram.totalCount,
    p50: round2(percentileMs(histogram, 50)),
    p99: round2(percentileMs(histogram, 99)),
    max: round2(histogram.maxValue / 1000),
    plans,
  };
}

export const searchArm =
  (search: SearchRun, userId: string, text: string) => (client: Pick<PrismaClient, '$queryRaw'>) =>
    search(client, userId, text);
