import { parseChatGpt } from './chatgpt';
import { parseClaude } from './claude';
import { parseLibreChat } from './librechat';
import { parseOpenWebUi } from './openwebui';
import { ImportFileError, type ImportedConversation, type ImportFormat } from './types';

type DetectedFormat = ImportFormat | 'vivier';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function detectOne(item: Record<string, unknown>): DetectedFormat | null {
  if (item.format === 'vivier.chat') return 'vivier';
  if ('mapping' in item) return 'chatgpt';
  if ('chat_messages' in item) return 'claude';
  if ('conversationId' in item && 'messages' in item) return 'librechat';
  if (isObject(item.chat) && 'history' in item.chat) return 'openwebui';
  return null;
}

/** Which app wrote the file, from its content: the first conversation's tell-tale keys. */
export function detectFormat(body: unknown): DetectedFormat | null {
  if (isObject(body)) return detectOne(body);
  if (!Array.isArray(body)) return null;
  const first: unknown = body[0];
  if (!isObject(first)) return null;
  const format = detectOne(first);
  // Vivier and LibreChat files hold one conversation, never an array of them.
  return format === 'chatgpt' || format === 'claude' || format === 'openwebui' ? format : null;
}

const PARSERS: Record<ImportFormat, (input: unknown) => ImportedConversation[]> = {
  chatgpt: parseChatGpt,
  claude: parseClaude,
  librechat: parseLibreChat,
  openwebui: parseOpenWebUi,
};

export function parseForeign(format: ImportFormat, body: unknown): ImportedConversation[] {
  const conversations = PARSERS[format](body);
  if (!conversations.length) throw new ImportFileError([{ path: '', message: 'holds no conversation' }]);
  return conversations;
}
