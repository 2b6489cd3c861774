import type { GatewayHttpSummary } from './gateway-http';
import type { ActiveStreamSummary, ThroughputSummary } from './capacity';
import type { CostSummary } from './cost';
import type { IdleSocketSummary } from './memory';
import type { ScenarioSummary } from './scenarios';

/** The report as main.ts writes it (bench/results/<date>-stream.json). */
export interface StreamReport {
  suite: 'stream';
  smoke: boolean;
  label: string;
  startedAt: string;
  commit: string;
  host: {
    cpu: string;
    cores: number;
    node: string;
    loadAverageAtStart?: number[];
    loadAverageAtEnd?: number[];
  };
  shape: { deltas: number; bytes: number; delayMs: number; leadMs: number };
  rounds: number;
  scenarios: ScenarioSummary[];
  gatewayHttp?: GatewayHttpSummary;
  cost?: CostSummary;
  memory?: { idle: IdleSocketSummary; rssBeforeLoadKiB: number; rssAfterLoadKiB: number; ratio: number };
  activeStreams?: ActiveStreamSummary;
  throughput?: ThroughputSummary;
}

interface ArmFigures {
  ttftMs: { p50: number | null; p99: number | null };
  gapMs: { p99: number | null };
  completionMs: { p50: number | null };
  streams: number;
  errors: number;
  stalls: number;
  delivered: number | null;
  firstError?: string;
}
interface AddedFigures {
  ttftMs: { p50: number | null; p99: number | null };
  gapP99Ms: number | null;
  completionRatio: number | null;
}

const fmt = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);

function rows(report: StreamReport) {
  return report.scenarios.flatMap((scenario) =>
    Object.entries(scenario.added as Record<string, AddedFigures>).map(([arm, added]) => {
      const figures = (scenario.arms as Record<string, ArmFigures>)[arm]!;
      const base = (scenario.arms as Record<string, ArmFigures>).D!;
      return [
        scenario.name,
        `${arm} − D`,
        fmt(added.ttftMs.p50),
        fmt(added.ttftMs.p99),
        fmt(added.gapP99Ms, 2),
        fmt(added.completionRatio, 3),
        `${figures.stalls}/${figures.streams} (D ${base.stalls})`,
        `${figures.errors}`,
        `${fmt(figures.delivered, 2)} %`,
        `${fmt(base.ttftMs.p50)} / ${fmt(base.ttftMs.p99)}`,
      ];
    }),
  );
}

const HEADER = [
  'scenario',
  'arm',
  'added TTFT p50 ms',
  'added TTFT p99 ms',
  'added gap p99 ms',
  'completion ratio',
  'stalls',
  'errors',
  'delivered',
  'D TTFT p50/p99 ms',
];

/** One sentence for the gateway HTTP suite (issue 11 §2.4), or nothing when it did not run. */
function gatewayHttpLine(report: StreamReport): string[] {
  const http = report.gatewayHttp;
  if (!http) return [];
  return [
    `Gateway HTTP (authenticated GET /api/models, ${http.connections} connections, ${http.durationSeconds} s × ${http.rounds} rounds): ` +
      `${http.requestsPerSecond.gateway} req/s through the gateway, ${http.requestsPerSecond.direct} straight to chat-service ` +
      `(ratio ${http.requestsPerSecond.ratio}); one connection adds p50 ${fmt(http.addedLatencyMs.p50, 2)} ms, ` +
      `p99 ${fmt(http.addedLatencyMs.p99, 2)} ms; ${http.failures} failed requests.`,
  ];
}

/**
 * Issue 11 §2.3: the most concurrent paced streams of the run (one stream per user) that the full
 * pipeline delivered cleanly: ≥ 99.9 % of the content, no stream with a stall, < 0.1 % errors.
 */
function ceilingLine(report: StreamReport): string[] {
  const levels = report.scenarios
    .filter((scenario) => /^\d+ streams?$/.test(scenario.name))
    .map((scenario) => {
      const figures = (scenario.arms as Record<string, ArmFigures>).F;
      const clean =
        figures !== undefined &&
        (figures.delivered ?? 0) >= 99.9 &&
        figures.stalls === 0 &&
        figures.errors / Math.max(1, figures.streams) < 0.001;
      return { concurrency: scenario.concurrency, clean };
    });
  if (levels.length === 0) return [];
  const clean = levels.filter((level) => level.clean).map((level) => level.concurrency);
  return [
    `Clean-stream ceiling (F): ${clean.length ? Math.max(...clean) : 'none'} of the levels run ` +
      `(${levels.map((level) => `${level.concurrency}${level.clean ? ' clean' : ' not clean'}`).join(', ')}).`,
  ];
}

function costLines(report: StreamReport): string[] {
  const cost = report.cost;
  if (!cost) return [];
  return [
    ...cost.answers.map(
      (answer) =>
        `Cost of a ${answer.tokens}-token answer (${answer.streams} streams, ${answer.errors} errors): ` +
        `${fmt(answer.webSocketBytesPerToken, 2)} WebSocket bytes and ${fmt(answer.redisInputBytesPerToken, 2)} Redis bytes per token, ` +
        `${fmt(answer.redisCommandsPerDelta, 2)} Redis commands per delivered delta.`,
    ),
    `Bytes per token, long ÷ short answer: ${fmt(cost.bytesPerTokenRatio, 3)}. A bystander's GET /api/models p99: ` +
      `${fmt(cost.bystander.idleP99Ms, 2)} ms idle, ${fmt(cost.bystander.busyP99Ms, 2)} ms with ${cost.bystander.streams} streams running ` +
      `(× ${fmt(cost.bystander.ratio, 2)}); over those paced streams, ${fmt(cost.pacedRedisCommandsPerDelta, 2)} Redis commands per delivered delta.`,
  ];
}

function memoryLine(report: StreamReport): string[] {
  const memory = report.memory;
  if (!memory) return [];
  const mib = (kib: number) => (kib / 1024).toFixed(0);
  const split = Object.entries(memory.idle.perSocketKiBByService)
    .map(([service, kib]) => `${service} ${fmt(kib, 2)}`)
    .join(', ');
  return [
    `Memory: ${memory.idle.opened} idle WebSockets cost ${fmt(memory.idle.perSocketKiB, 2)} KiB each in the gateway + chat-service ` +
      `(${split}; RSS ${mib(memory.idle.rssBeforeKiB)} → ${mib(memory.idle.rssAfterKiB)} MiB); every service's RSS after the load ÷ before: ` +
      `${memory.ratio} (${mib(memory.rssBeforeLoadKiB)} → ${mib(memory.rssAfterLoadKiB)} MiB).`,
  ];
}

function capacityLines(report: StreamReport): string[] {
  const lines: string[] = [];
  const active = report.activeStreams;
  if (active)
    lines.push(
      `Active streams: ${active.flowing} of ${active.streams} slow streams under way at once (${active.errors} errors${active.firstError ? `, the first: ${active.firstError}` : ''}) cost ` +
        `${fmt(active.perStreamKiB, 2)} KiB each in the gateway + chat-service ` +
        `(RSS ${(active.rssIdleKiB / 1024).toFixed(0)} → ${(active.rssActiveKiB / 1024).toFixed(0)} MiB).`,
    );
  const throughput = report.throughput;
  if (throughput)
    lines.push(
      `Unpaced relay: ${throughput.streams} streams × ${throughput.deltasEach} deltas (${throughput.errors} errors), ` +
        `${throughput.framesDelivered} frames delivered in ${fmt(throughput.wallSeconds, 2)} s (${throughput.framesPerSecond} frames/s); ` +
        `the pipeline's processes used ${fmt(throughput.cpuSeconds, 2)} CPU s: ${throughput.framesPerCpuSecond} frames and ` +
        `${throughput.deltasPerCpuSecond} deltas (${throughput.deltasDelivered} delivered, coalesced into those frames) per CPU second (per core).`,
    );
  return lines;
}

export function renderTable(report: StreamReport): string {
  const table = [HEADER, ...rows(report)];
  const widths = HEADER.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  return [
    ...table.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')),
    ...ceilingLine(report),
    ...gatewayHttpLine(report),
    ...costLines(report),
    ...memoryLine(report),
    ...capacityLines(report),
  ].join('\n');
}

export function renderMarkdown(report: StreamReport): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    `# Stream benchmark ${report.startedAt}${report.label ? ` (${report.label})` : ''}`,
    '',
    `Commit \`${report.commit.slice(0, 7)}\`, ${report.host.cores} × ${report.host.cpu}, Node ${report.host.node}; ` +
      `load average ${report.host.loadAverageAtStart?.join(' ') ?? '?'} at the start, ${report.host.loadAverageAtEnd?.join(' ') ?? '?'} at the end.`,
    `Reply shape: a role chunk, then ${report.shape.deltas} deltas of ${report.shape.bytes} bytes ` +
      `${report.shape.delayMs} ms apart (the first ${report.shape.leadMs} ms after the role chunk). ` +
      `${report.rounds} rounds, each arm next to its baseline; figures are medians of round figures.`,
    '',
    line(HEADER),
    line(HEADER.map(() => '---')),
    ...rows(report).map(line),
    '',
    ...ceilingLine(report),
    '',
    ...gatewayHttpLine(report),
    '',
    ...costLines(report),
    '',
    ...memoryLine(report),
    '',
    ...capacityLines(report),
    '',
  ].join('\n');
}

/** A ratio against its target: what the second panel of the chart draws. */
interface Ratio {
  label: string;
  value: number;
  /** The issue's target; a bar past it is drawn in red. */
  target: number;
  /** Whether the target is a ceiling (≤) or a floor (≥). */
  atMost: boolean;
}

function ratios(report: StreamReport): Ratio[] {
  const list: Ratio[] = [];
  for (const scenario of report.scenarios) {
    for (const [arm, added] of Object.entries(scenario.added as Record<string, AddedFigures>)) {
      if (added.completionRatio !== null)
        list.push({
          label: `${scenario.name} ${arm}÷D completion`,
          value: added.completionRatio,
          target: 1.01,
          atMost: true,
        });
    }
  }
  if (report.gatewayHttp)
    list.push({
      label: 'gateway ÷ direct req/s',
      value: report.gatewayHttp.requestsPerSecond.ratio,
      target: 0.4,
      atMost: false,
    });
  if (report.cost?.bytesPerTokenRatio)
    list.push({
      label: 'bytes per token 10k ÷ 1k',
      value: report.cost.bytesPerTokenRatio,
      target: 1.05,
      atMost: true,
    });
  if (report.cost?.bystander.ratio)
    list.push({
      label: 'bystander p99 busy ÷ idle',
      value: report.cost.bystander.ratio,
      target: 2,
      atMost: true,
    });
  if (report.memory)
    list.push({ label: 'RSS after load ÷ before', value: report.memory.ratio, target: 1.1, atMost: true });
  return list;
}

/**
 * Two panels: added TTFT p50 and p99 per scenario and arm (the distribution's middle and tail
 * against the same-run baseline), then every ratio the issue sets a target for, with the target
 * marked and a bar that misses it in red.
 */
export function renderSvg(report: StreamReport): string {
  const bars = rows(report).map((row) => ({
    label: `${row[0]} ${row[1]}`,
    p50: Number.parseFloat(row[2]!) || 0,
    p99: Number.parseFloat(row[3]!) || 0,
  }));
  const max = Math.max(1, ...bars.map((bar) => bar.p99), ...bars.map((bar) => bar.p50));
  const rowHeight = 28;
  const width = 760;
  const left = 240;
  const span = width - left - 90;
  const scale = (value: number) => (span * Math.max(0, value)) / max;
  const items = bars
    .map((bar, index) => {
      const y = 40 + index * rowHeight;
      return [
        `<text x="8" y="${y + 14}" font-size="12">${bar.label}</text>`,
        `<rect x="${left}" y="${y}" width="${scale(bar.p99).toFixed(1)}" height="10" fill="#d9822b"/>`,
        `<rect x="${left}" y="${y + 11}" width="${scale(bar.p50).toFixed(1)}" height="10" fill="#2b6cd9"/>`,
        `<text x="${left + scale(bar.p99) + 4}" y="${y + 9}" font-size="10">p99 ${bar.p99}</text>`,
        `<text x="${left + scale(bar.p50) + 4}" y="${y + 20}" font-size="10">p50 ${bar.p50}</text>`,
      ].join('');
    })
    .join('\n');
  const ratioTop = 60 + bars.length * rowHeight;
  const ratioList = ratios(report);
  const ratioMax = Math.max(1.2, ...ratioList.map((ratio) => Math.max(ratio.value, ratio.target)));
  const ratioScale = (value: number) => (span * Math.max(0, value)) / ratioMax;
  const ratioItems = ratioList
    .map((ratio, index) => {
      const y = ratioTop + 30 + index * 20;
      const missed = ratio.atMost ? ratio.value > ratio.target : ratio.value < ratio.target;
      const targetX = left + ratioScale(ratio.target);
      return [
        `<text x="8" y="${y + 10}" font-size="12">${ratio.label}</text>`,
        `<rect x="${left}" y="${y}" width="${ratioScale(ratio.value).toFixed(1)}" height="12" fill="${missed ? '#c0392b' : '#2e8b57'}"/>`,
        `<line x1="${targetX.toFixed(1)}" x2="${targetX.toFixed(1)}" y1="${y - 2}" y2="${y + 14}" stroke="#000" stroke-dasharray="2,2"/>`,
        `<text x="${left + Math.max(ratioScale(ratio.value), ratioScale(ratio.target)) + 4}" y="${y + 10}" font-size="10">${ratio.value} (target ${ratio.atMost ? '≤' : '≥'} ${ratio.target})</text>`,
      ].join('');
    })
    .join('\n');
  const height = ratioTop + 40 + ratioList.length * 20;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<text x="8" y="20" font-size="14">Added time to first token (ms) vs the direct call, ${report.commit.slice(0, 7)}</text>
${items}
<text x="8" y="${ratioTop + 10}" font-size="14">Ratios against their targets (dashed line; red: missed)</text>
${ratioItems}
</svg>
`;
}
