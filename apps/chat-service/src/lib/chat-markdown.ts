interface MarkdownChat {
  title: string;
  provider: string;
  model: string;
  systemPrompt?: string;
}

interface MarkdownMessage {
  role: 'user' | 'assistant' | 'system';
  content: string;
  status: 'complete' | 'streaming' | 'failed' | 'cancelled';
  model?: string | null;
  reasoning?: string | null;
  reasoningMs?: number | null;
}

const ROLE_HEADINGS = { user: 'User', assistant: 'Assistant', system: 'System' } as const;

/** One line, so a title cannot start a new Markdown block. */
const oneLine = (value: string) => value.replace(/\s+/g, ' ').trim();

/**
 * The model's thinking as a collapsed `<details>` block (GitHub, VS Code and most viewers fold
 * it), so the answer stays what a reader sees first. The blank lines keep Markdown inside working.
 */
function thinkingBlock(reasoning: string, reasoningMs: number | null | undefined): string[] {
  const summary =
    reasoningMs === null || reasoningMs === undefined
      ? 'Thinking'
      : `Thought for ${Math.max(1, Math.round(reasoningMs / 1000))} s`;
  return ['<details>', `<summary>${summary}</summary>`, '', reasoning, '', '</details>', ''];
}

/** The visible branch of a chat as a Markdown document: a heading per turn, content verbatim. */
export function renderChatMarkdown(
  chat: MarkdownChat,
  branch: readonly MarkdownMessage[],
  exportedAt: Date,
): string {
  const lines = [
    `# ${oneLine(chat.title) || 'Untitled chat'}`,
    '',
    `_${chat.provider} · ${chat.model} · exported ${exportedAt.toISOString()}_`,
    '',
  ];
  if (chat.systemPrompt) lines.push('## System prompt', '', chat.systemPrompt, '');
  for (const message of branch) {
    const model = message.role === 'assistant' && message.model ? ` (${message.model})` : '';
    const status = message.status === 'complete' ? '' : ` — ${message.status}`;
    lines.push(`## ${ROLE_HEADINGS[message.role]}${model}${status}`, '');
    if (message.reasoning) lines.push(...thinkingBlock(message.reasoning, message.reasoningMs));
    lines.push(message.content, '');
  }
  return lines.join('\n');
}
