import { newHistogram, percentileMs, median, recordMs, round2, summary, type Histogram } from './stats';
import { pacedPrompt, type StreamResult } from './arms';

/** A gap between two deltas this long means the reader saw the answer stop for a moment. */
const STALL_MS = 40;

export type ArmName = 'D' | 'F' | 'P';

/** One arm's streams of one round. */
export interface RoundSample {
  ttft: Histogram;
  gap: Histogram;
  completion: Histogram;
  streams: number;
  errors: number;
  stalls: number;
  /** Content bytes received ÷ expected. */
  deliveredChars: number;
  expectedChars: number;
  firstError?: string;
}

function newSample(): RoundSample {
  return {
    ttft: newHistogram(),
    gap: newHistogram(),
    completion: newHistogram(),
    streams: 0,
    errors: 0,
    stalls: 0,
    deliveredChars: 0,
    expectedChars: 0,
  };
}

function addResult(sample: RoundSample, result: StreamResult, expectedChars: number) {
  sample.streams += 1;
  sample.expectedChars += expectedChars;
  sample.deliveredChars += Math.min(result.chars, expectedChars);
  if (result.error) {
    sample.errors += 1;
    sample.firstError ??= result.error;
    return;
  }
  recordMs(sample.ttft, result.ttftMs);
  recordMs(sample.completion, result.completionMs);
  for (const gap of result.gapsMs) recordMs(sample.gap, gap);
  if (result.gapsMs.some((gap) => gap > STALL_MS)) sample.stalls += 1;
}

/** A stream of an arm: given the stream's index within the wave and its prompt. */
type StreamRunner = (index: number, prompt: string) => Promise<StreamResult>;

export interface ScenarioOptions {
  name: string;
  concurrency: number;
  rounds: number;
  /** Waves of `concurrency` parallel streams per arm per round (more samples at low concurrency). */
  waves: number;
  arms: Partial<Record<ArmName, StreamRunner>>;
  shape: { deltas: number; bytes: number; delayMs: number; leadMs: number };
}

export interface ScenarioResult {
  name: string;
  concurrency: number;
  rounds: Array<Partial<Record<ArmName, RoundSample>>>;
}

/**
 * Runs every arm `rounds` times, alternating which goes first, each as `waves` waves of
 * `concurrency` streams started together.
 */
export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const names = (Object.keys(options.arms) as ArmName[]).filter((name) => options.arms[name]);
  const expected = options.shape.deltas * options.shape.bytes;
  const rounds: ScenarioResult['rounds'] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    const samples: Partial<Record<ArmName, RoundSample>> = {};
    for (const name of order) {
      const runner = options.arms[name]!;
      const sample = newSample();
      for (let wave = 0; wave < options.waves; wave += 1) {
        const results = await Promise.all(
          Array.from({ length: options.concurrency }, (_, index) =>
            runner(index, pacedPrompt(options.shape)),
          ),
        );
        for (const result of results) addResult(sample, result, expected);
      }
      samples[name] = sample;
    }
    rounds.push(samples);
    const line = order
      .map((name) => {
        const sample = samples[name]!;
        return `${name} ttft p50 ${percentileMs(sample.ttft, 50).toFixed(1)} p99 ${percentileMs(sample.ttft, 99).toFixed(1)} ms, errors ${sample.errors}, stalls ${sample.stalls}`;
      })
      .join(' | ');
    console.log(`[bench] ${options.name} round ${round + 1}/${options.rounds}: ${line}`);
  }
  return { name: options.name, concurrency: options.concurrency, rounds };
}

/** The median over rounds of a per-round figure; undefined when the arm did not run. */
function acrossRounds(result: ScenarioResult, arm: ArmName, figure: (sample: RoundSample) => number) {
  const values = result.rounds.flatMap((round) => (round[arm] ? [figure(round[arm])] : []));
  return values.length ? median(values) : undefined;
}

/** Median over rounds of (arm − D) for one figure, each round against its own baseline. */
function addedOverRounds(result: ScenarioResult, arm: ArmName, figure: (sample: RoundSample) => number) {
  const values = result.rounds.flatMap((round) =>
    round[arm] && round.D ? [figure(round[arm]) - figure(round.D)] : [],
  );
  return values.length ? median(values) : undefined;
}

const pct = (key: 'ttft' | 'gap' | 'completion', percentile: number) => (sample: RoundSample) =>
  percentileMs(sample[key], percentile);

/** Every number of a scenario: per arm, and each non-baseline arm against D. */
export function summarise(result: ScenarioResult) {
  const arms = [...new Set(result.rounds.flatMap((round) => Object.keys(round)))] as ArmName[];
  const perArm: Record<string, unknown> = {};
  for (const arm of arms) {
    const merged = { ttft: newHistogram(), gap: newHistogram(), completion: newHistogram() };
    let streams = 0;
    let errors = 0;
    let stalls = 0;
    let delivered = 0;
    let expected = 0;
    let firstError: string | undefined;
    for (const round of result.rounds) {
      const sample = round[arm];
      if (!sample) continue;
      merged.ttft.add(sample.ttft);
      merged.gap.add(sample.gap);
      merged.completion.add(sample.completion);
      streams += sample.streams;
      errors += sample.errors;
      stalls += sample.stalls;
      delivered += sample.deliveredChars;
      expected += sample.expectedChars;
      firstError ??= sample.firstError;
    }
    perArm[arm] = {
      ttftMs: {
        p50: round2(acrossRounds(result, arm, pct('ttft', 50)) ?? Number.NaN),
        p99: round2(acrossRounds(result, arm, pct('ttft', 99)) ?? Number.NaN),
      },
      gapMs: { p99: round2(acrossRounds(result, arm, pct('gap', 99)) ?? Number.NaN) },
      completionMs: { p50: round2(acrossRounds(result, arm, pct('completion', 50)) ?? Number.NaN) },
      pooled: {
        ttft: summary(merged.ttft),
        gap: summary(merged.gap),
        completion: summary(merged.completion),
      },
      streams,
      errors,
      stalls,
      delivered: expected ? round2((delivered / expected) * 100) : null,
      ...(firstError ? { firstError } : {}),
    };
    for (const histogram of Object.values(merged)) histogram.destroy();
  }
  const added: Record<string, unknown> = {};
  for (const arm of arms.filter((name) => name !== 'D')) {
    added[arm] = {
      ttftMs: {
        p50: round2(addedOverRounds(result, arm, pct('ttft', 50)) ?? Number.NaN),
        p99: round2(addedOverRounds(result, arm, pct('ttft', 99)) ?? Number.NaN),
      },
      gapP99Ms: round2(addedOverRounds(result, arm, pct('gap', 99)) ?? Number.NaN),
      completionRatio: (() => {
        const ratios = result.rounds.flatMap((round) =>
          round[arm] && round.D
            ? [percentileMs(round[arm].completion, 50) / percentileMs(round.D.completion, 50)]
            : [],
        );
        return ratios.length ? Math.round(median(ratios) * 1000) / 1000 : null;
      })(),
    };
  }
  return {
    name: result.name,
    concurrency: result.concurrency,
    rounds: result.rounds.length,
    arms: perArm,
    added,
  };
}

export type ScenarioSummary = ReturnType<typeof summarise>;
