import type { ArmResult } from './measure';
import type { Scale } from './scales';

export interface SearchCase {
  user: 'typical' | 'heavy';
  userId: string;
  word: 'common' | 'mid' | 'rare';
  text: string;
  /** Messages that contain the word: the searching user's, and everyone's. */
  matches: { user: number; all: number };
  /** Before and after found the same chats, in the same order. */
  sameResults: boolean;
  before: ArmResult;
  after: ArmResult;
}

export interface DbReport {
  suite: 'db';
  scale: Scale;
  database: string;
  rows: { users: number; chats: number; messages: number };
  startedAt: string;
  finishedAt: string;
  commit: string;
  host: {
    cpu: string;
    cores: number;
    node: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  search: SearchCase[];
  chatList: Array<{ user: 'typical' | 'heavy'; userId: string; result: ArmResult }>;
}

const fmt = (value: number | null) => (value === null ? '–' : value.toFixed(2));

export function renderTable(report: DbReport): string {
  const header =
    '| user | word | matching messages (user / all) | same results | before p50 | before p99 | after p50 | after p99 | runs (before / after) |';
  const lines = [header, '|---|---|---|---|---|---|---|---|---|'];
  for (const row of report.search) {
    lines.push(
      `| ${row.user} | ${row.word} (\`${row.text}\`) | ${row.matches.user.toLocaleString('en')} / ${row.matches.all.toLocaleString('en')} | ${row.sameResults ? 'yes' : '**no**'} | ` +
        `${fmt(row.before.p50)} | ${fmt(row.before.p99)} | ${fmt(row.after.p50)} | ${fmt(row.after.p99)} | ${row.before.runs} / ${row.after.runs} |`,
    );
  }
  for (const row of report.chatList) {
    lines.push(
      `| ${row.user} | chat list (no \`q\`) | – | – | – | – | ${fmt(row.result.p50)} | ${fmt(row.result.p99)} | – / ${row.result.runs} |`,
    );
  }
  return lines.join('\n');
}

export function renderMarkdown(report: DbReport): string {
  const parts = [
    `# Search at scale — ${report.scale.name} (${report.startedAt})`,
    '',
    `Commit \`${report.commit}\`, database \`${report.database}\`: ${report.rows.users.toLocaleString('en')} users, ` +
      `${report.rows.chats.toLocaleString('en')} chats, ${report.rows.messages.toLocaleString('en')} messages. ` +
      `${report.host.cpu}, ${report.host.cores} cores, load average ${report.host.loadAverageAtStart.join(' / ')} → ` +
      `${report.host.loadAverageAtEnd.join(' / ')}. Times in ms, one client, warm cache, through Prisma.`,
    '',
    renderTable(report),
    '',
    '## Plans',
  ];
  for (const row of report.search) {
    for (const arm of ['before', 'after'] as const) {
      parts.push('', `### ${row.user} user, ${row.word} word, ${arm}`, '');
      for (const plan of row[arm].plans) parts.push('```', plan, '```');
    }
  }
  return `${parts.join('\n')}\n`;
}
